import { CATEGORY_TERMS, COMPLEX_LEVEL_TERMS, NOUN_TERMS, ROLE_TERMS, SECTOR_TERMS, STATUS_TERMS, zhOf } from '@ivl/rules';

/**
 * The evaluation's words in the bureau's language (names of categories, sectors, levels,
 * statuses, the region and the provider from the glossary, libs/rules/src/glossary.ts).
 * 服务次数 counts confirmed redemptions (使用); 补贴 their subsidies.
 */
export const EVALUATION_LABELS = {
  yearEvaluation: '年度考核评价',
  rankingTitle: '年度创新服务综合体考核排名',
  rankingOrder: '排序规则：服务次数从多到少，其次补贴金额、服务企业数、平均评分（未评分的排在最后）；各项均相同的并列同一名次。',
  basis: '口径：服务次数为本年度（北京时间）确认的创新券使用笔数；补贴金额为其补贴之和；平均评分为对这些使用的评价星级平均值。',
  sheetSummary: '汇总',
  sheetMonths: '按月',
  sheetCategories: '按服务类别',
  sheetProviders: '服务机构',
  sheetRanking: '综合体排名',
  complex: '创新服务综合体',
  sector: '产业',
  level: '级别',
  region: `所在${NOUN_TERMS.region.zh}`,
  year: '年度',
  month: '月份',
  rank: '名次',
  provider: ROLE_TERMS.provider.zh,
  status: '状态',
  category: '服务类别',
  providers: `${ROLE_TERMS.provider.zh}数`,
  services: '服务次数',
  subsidiesYuan: '补贴金额（元）',
  orderAmountYuan: '订单金额（元）',
  enterprises: '服务企业数',
  repeatEnterprises: '复购企业数',
  ratings: '评价数',
  meanRating: '平均评分',
  unrated: '暂无评价',
  categories: (key: string) => zhOf(CATEGORY_TERMS, key),
  sectors: (key: string) => zhOf(SECTOR_TERMS, key),
  levels: (key: string) => zhOf(COMPLEX_LEVEL_TERMS, key),
  providerStatuses: (key: string) => zhOf(STATUS_TERMS.provider, key),
} as const;
