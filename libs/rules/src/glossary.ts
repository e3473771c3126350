/**
 * The one glossary of the ledger's words (docs/glossary.md), shared by the server (exports, PDF
 * statements, notification texts) and the portal (apps/portal/src/i18n/messages.ts). One term per
 * concept: a screen, an export and a statement name the same thing the same way.
 *
 * Settled terms: 券内余额 (what is left on vouchers; not 券面余额, which is a voucher's face value),
 * 纳入结算 (a confirmed redemption taken into a settlement batch; not 入批), 使用 for a redemption
 * everywhere, except the provider's own counter action, which the provider calls 核销.
 */
export interface Term {
  zh: string;
  en: string;
}

type Glossary<K extends string> = Readonly<Record<K, Term>>;

const term = (zh: string, en: string): Term => ({ zh, en });

/** Ledger classes as the ledger names them (`in_settlement`) and as the API names them (`inSettlement`). */
export const LEDGER_CLASS_TERMS = {
  appropriation: term('财政拨款来源', 'Appropriation'),
  available: term('可用预算', 'Available budget'),
  vouchers: term('券内余额', 'In vouchers'),
  held: term('冻结', 'Held'),
  payable: term('应付', 'Payable'),
  in_settlement: term('结算中', 'In settlement'),
  inSettlement: term('结算中', 'In settlement'),
  paid: term('已支付', 'Paid'),
  recoverable: term('可追回', 'Recoverable'),
} as const satisfies Glossary<string>;

/** Movements of a reconciliation (named by what happened) plus its opening and closing lines. */
export const MOVEMENT_TERMS = {
  opening: term('期初', 'Opening'),
  allocated: term('拨入', 'Allocated'),
  issued: term('发券', 'Issued'),
  held: term('冻结', 'Held'),
  released: term('释放', 'Released'),
  confirmed: term('确认', 'Confirmed'),
  expired: term('到期收回', 'Expired'),
  revoked: term('撤销收回', 'Revoked'),
  batched: term('纳入结算', 'Taken into settlement'),
  returned: term('银行退回', 'Returned by the bank'),
  paid: term('支付', 'Paid'),
  clawedBack: term('追回', 'Clawed back'),
  recovered: term('已收回', 'Recovered'),
  closing: term('期末', 'Closing'),
} as const satisfies Glossary<string>;

/** Ledger transaction kinds (libs/ledger TX_KINDS): the same words as their movements. */
export const TX_KIND_TERMS = {
  allocate: MOVEMENT_TERMS.allocated,
  issue: MOVEMENT_TERMS.issued,
  hold: MOVEMENT_TERMS.held,
  release: MOVEMENT_TERMS.released,
  confirm: MOVEMENT_TERMS.confirmed,
  expire: MOVEMENT_TERMS.expired,
  revoke: MOVEMENT_TERMS.revoked,
  batch: MOVEMENT_TERMS.batched,
  return: MOVEMENT_TERMS.returned,
  pay: MOVEMENT_TERMS.paid,
  clawback: MOVEMENT_TERMS.clawedBack,
  recover: MOVEMENT_TERMS.recovered,
} as const satisfies Glossary<string>;

/** Counts of a reconciliation. */
export const COUNT_TERMS = {
  vouchersIssued: term('发券张数', 'Vouchers issued'),
  redemptions: term('使用笔数', 'Redemptions'),
  enterprisesServed: term('服务企业数', 'Enterprises served'),
  providersPaid: term('获付机构数', 'Providers paid'),
} as const satisfies Glossary<string>;

/** The status of every object, per object (one word may differ between objects: a batch's `approved` is 已审核). */
export const STATUS_TERMS = {
  voucher: {
    active: term('有效', 'Active'),
    exhausted: term('已用完', 'Exhausted'),
    expired: term('已过期', 'Expired'),
    revoked: term('已撤销', 'Revoked'),
  },
  application: {
    pending: term('待审核', 'Pending'),
    approved: term('已通过', 'Approved'),
    rejected: term('已驳回', 'Rejected'),
  },
  redemption: {
    pending: term('待确认', 'Awaiting confirmation'),
    confirmed: term('已确认', 'Confirmed'),
    cancelled: term('已取消', 'Cancelled'),
  },
  claim: {
    submitted: term('待审核', 'Submitted'),
    approved: term('已通过', 'Approved'),
    rejected: term('已驳回', 'Rejected'),
  },
  batch: {
    draft: term('草稿', 'Draft'),
    approved: term('已审核', 'Approved'),
    paid: term('已支付', 'Paid'),
  },
  provider: {
    active: term('正常', 'Active'),
    notice: term('公示中', 'On public notice'),
    suspended: term('暂停', 'Suspended'),
    blacklisted: term('黑名单', 'Blacklisted'),
    refused: term('公示未通过', 'Refused after notice'),
  },
  registration: {
    submitted: term('待审核', 'Under review'),
    approved: term('已通过', 'Approved'),
    rejected: term('已驳回', 'Rejected'),
  },
  order: {
    requested: term('待受理', 'Requested'),
    accepted: term('已受理', 'Accepted'),
    declined: term('已拒绝', 'Declined'),
    cancelled: term('已撤销', 'Cancelled'),
    redeemed: term('已使用', 'Redeemed'),
  },
  service: {
    published: term('已发布', 'Published'),
    withdrawn: term('已下架', 'Withdrawn'),
  },
  clawback: {
    recoverable: term('待收回', 'Recoverable'),
    recovered: term('已收回', 'Recovered'),
  },
  program: {
    proposed: term('待批准出资', 'Awaiting co-funding approval'),
    active: term('已生效', 'In force'),
  },
  user: {
    active: term('正常', 'Active'),
    disabled: term('已停用', 'Disabled'),
  },
  riskSignal: {
    open: term('待处理', 'Open'),
    dismissed: term('已忽略', 'Dismissed'),
    confirmed: term('已确认', 'Confirmed'),
  },
  objection: {
    open: term('待处理', 'Open'),
    upheld: term('异议成立', 'Upheld'),
    dismissed: term('异议不成立', 'Dismissed'),
  },
  settlementRun: {
    waiting: term('排队中', 'Waiting'),
    completed: term('已完成', 'Completed'),
    failed: term('失败', 'Failed'),
  },
} as const satisfies Record<string, Glossary<string>>;

export type StatusObject = keyof typeof STATUS_TERMS;

export const ROLE_TERMS = {
  city_admin: term('市科技局管理员', 'City admin'),
  county_officer: term('县(市、区)科技局', 'County officer'),
  finance: term('财政局', 'Finance bureau'),
  provider: term('服务机构', 'Service provider'),
  enterprise: term('企业', 'Enterprise'),
  auditor: term('审计', 'Auditor'),
  applicant: term('入驻申请人', 'Applicant'),
} as const satisfies Glossary<string>;

export const REGION_LEVEL_TERMS = {
  city: term('市级', 'City'),
  county: term('县(市、区)级', 'County'),
} as const satisfies Glossary<string>;

export const COMPLEX_LEVEL_TERMS = {
  provincial: term('省级', 'Provincial'),
  city: term('市级', 'City'),
  county: term('县级', 'County'),
} as const satisfies Glossary<string>;

export const CATEGORY_TERMS = {
  TESTING: term('检验检测', 'Testing'),
  CERTIFICATION: term('认证', 'Certification'),
  DESIGN: term('工业设计', 'Industrial design'),
  RND: term('研发服务', 'R&D services'),
  INSTRUMENT_SHARING: term('科研仪器共享', 'Instrument sharing'),
} as const satisfies Glossary<string>;

export const SECTOR_TERMS = {
  NEV: term('节能与新能源汽车', 'New-energy vehicles'),
  BIOMED: term('生物医药与健康产品制造', 'Biomedicine'),
  HARDWARE: term('现代五金', 'Hardware'),
  TEXTILE: term('时尚纺织服装', 'Textiles and fashion'),
  SMALL_COMMODITIES: term('现代小商品制造', 'Small commodities'),
  ELECTRONICS: term('电子信息制造', 'Electronics'),
  SMART_EQUIPMENT: term('智能制造装备', 'Smart equipment'),
  ENERGY_EQUIPMENT: term('新能源与节能环保装备', 'Energy equipment'),
  NEW_MATERIALS: term('新材料', 'New materials'),
  ROBOTICS: term('机器人', 'Robotics'),
} as const satisfies Glossary<string>;

export const RISK_KIND_TERMS = {
  HIDDEN_RELATION: term('隐性关联', 'Hidden relation'),
  SPLIT_ORDERS: term('拆单', 'Split orders'),
  INSTANT_CONFIRMATION: term('秒确认', 'Instant confirmation'),
  SAME_AMOUNTS: term('金额雷同', 'Same amounts'),
  CONCENTRATION: term('集中度异常', 'Concentration'),
  DUPLICATE_EVIDENCE: term('重复凭证', 'Duplicate evidence'),
} as const satisfies Glossary<string>;

export const RISK_SEVERITY_TERMS = {
  high: term('高', 'High'),
  medium: term('中', 'Medium'),
  low: term('低', 'Low'),
} as const satisfies Glossary<string>;

export const NOTICE_KIND_TERMS = {
  provider: term('入驻公示', 'Provider admission'),
  voucher: term('创新券发放公示', 'Vouchers issued'),
  payment: term('兑付公示', 'Payments'),
} as const satisfies Glossary<string>;

export const REGISTRATION_KIND_TERMS = {
  enterprise: term('企业入驻', 'Enterprise registration'),
  provider: term('服务机构入库', 'Provider registration'),
} as const satisfies Glossary<string>;

/** The nouns of the domain, for headings and texts. */
export const NOUN_TERMS = {
  voucher: term('创新券', 'Voucher'),
  voucherBalance: term('券内余额', 'Voucher balance'),
  faceValue: term('券面金额', 'Face value'),
  redemption: term('使用', 'Redemption'),
  counterRedemption: term('核销', 'Redeem (provider counter)'),
  claim: term('兑付申请', 'Claim'),
  batch: term('结算批次', 'Settlement batch'),
  batched: term('纳入结算', 'Taken into settlement'),
  fund: term('资金池', 'Fund'),
  program: term('政策', 'Programme'),
  allocation: term('拨款', 'Allocation'),
  clawback: term('追回', 'Clawback'),
  reconciliation: term('对账', 'Reconciliation'),
  reconciliationStatement: term('对账单', 'Reconciliation statement'),
  settlementStatement: term('结算单', 'Settlement statement'),
  paymentFile: term('银行批量代发表', 'Bank payment sheet'),
  anchor: term('账本锚点', 'Ledger anchor'),
  balanced: term('账实相符', 'Balanced'),
  region: term('区域', 'Region'),
  providerRegion: term('服务机构所在区域', 'Provider region'),
  fundingRegion: term('出资区域', 'Funding region'),
  crossRegionUse: term('跨区域使用', 'Cross-region use'),
  cityScreen: term('数据大屏', 'City screen'),
  complex: term('创新服务综合体', 'Innovation service complex'),
  period: term('期间', 'Period'),
  yes: term('是', 'Yes'),
  no: term('否', 'No'),
  notYet: term('尚未生成', 'Not yet made'),
} as const satisfies Glossary<string>;

/** A glossary word in Chinese, or the key itself when the glossary lacks it (never throws in an export). */
export function zhOf(terms: Readonly<Record<string, Term>>, key: string): string {
  return Object.prototype.hasOwnProperty.call(terms, key) ? terms[key].zh : key;
}

/** 是 / 否 for a boolean. */
export const yesNo = (b: boolean): string => (b ? NOUN_TERMS.yes.zh : NOUN_TERMS.no.zh);
