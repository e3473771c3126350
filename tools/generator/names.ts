import type { Category, Sector } from '@ivl/core';
import { SECTOR_NAMES } from './jinhua.js';
import type { Random } from './random.js';

/** Trade names (字号) are two characters, one from each list: 900 of them. */
const TRADE_FIRST = Array.from('鑫恒华宏金永新天博瑞联嘉盛顺佳东明德兴创中海益宇泰富康晨信远');
const TRADE_SECOND = Array.from('达美通远盛立辉宇丰创禾源发艺晟诚邦昌泰利力特科凯隆威锐航鼎峰');

/** What the firms of each sector make (…五金制品有限公司). */
const INDUSTRY: Record<Sector, readonly string[]> = {
  NEV: ['汽车零部件', '新能源科技', '电池科技', '电机', '汽车电子'],
  BIOMED: ['中药饮片', '生物科技', '医疗器械', '保健食品', '药业'],
  HARDWARE: ['五金制品', '电动工具', '门业', '杯业', '不锈钢制品', '园林工具'],
  TEXTILE: ['纺织', '服饰', '针织', '家纺', '印染'],
  SMALL_COMMODITIES: ['饰品', '日用品', '文具', '玩具', '工艺品', '袜业'],
  ELECTRONICS: ['磁电', '电子科技', '光电', '智能科技', '电子元件'],
  SMART_EQUIPMENT: ['机械', '数控设备', '智能装备', '液压机械', '精密机械'],
  ENERGY_EQUIPMENT: ['环保设备', '光伏科技', '节能科技', '储能科技', '电气'],
  NEW_MATERIALS: ['水晶', '新材料', '玻璃制品', '高分子材料', '化工'],
  ROBOTICS: ['机器人', '自动化设备', '智能装备', '传感技术', '运动控制'],
};

const SURNAMES = Array.from('陈王张李吴楼金胡朱应徐方施蒋何');
const GIVEN_NAMES = [
  '建华',
  '国强',
  '伟',
  '丽萍',
  '志明',
  '海燕',
  '晓东',
  '美芳',
  '德胜',
  '卫东',
  '红英',
  '俊',
  '杰',
  '建平',
  '秀英',
  '立新',
  '文斌',
  '鑫',
];

export function tradeName(rng: Random): string {
  return rng.pick(TRADE_FIRST) + rng.pick(TRADE_SECOND);
}

export function personName(rng: Random): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
}

/** An enterprise of a sector in a county: 永康市鑫达五金制品有限公司, 浙江恒美饰品股份有限公司. */
export function enterpriseName(rng: Random, firmPrefix: string, sector: Sector): string {
  const industry = rng.pick(INDUSTRY[sector]);
  return rng.chance(0.15) ? `浙江${tradeName(rng)}${industry}股份有限公司` : `${firmPrefix}${tradeName(rng)}${industry}有限公司`;
}

/** The kinds of service providers, with what they offer and the accreditations they hold. */
export type ProviderKind = 'testing-lab' | 'public-institute' | 'design' | 'research' | 'certification' | 'instrument-platform';

export interface ProviderProfile {
  kind: ProviderKind;
  /** Registration type of its USCC: `91` company, `12` public institution, `52` private non-enterprise unit. */
  usccType: string;
  categories: Category[];
  cma: boolean;
  cnas: boolean;
}

export const PROVIDER_KINDS: ReadonlyArray<readonly [ProviderKind, number]> = [
  ['testing-lab', 4],
  ['design', 3],
  ['public-institute', 2],
  ['research', 2],
  ['certification', 1],
  ['instrument-platform', 1],
];

export function providerProfile(rng: Random, kind: ProviderKind): ProviderProfile {
  switch (kind) {
    case 'testing-lab':
      return {
        kind,
        usccType: '91',
        categories: rng.chance(0.5) ? ['TESTING', 'CERTIFICATION'] : ['TESTING'],
        cma: true,
        cnas: rng.chance(0.5),
      };
    case 'public-institute':
      return { kind, usccType: '12', categories: ['TESTING', 'CERTIFICATION', 'INSTRUMENT_SHARING'], cma: true, cnas: true };
    case 'design':
      return { kind, usccType: '91', categories: rng.chance(0.3) ? ['DESIGN', 'RND'] : ['DESIGN'], cma: false, cnas: false };
    case 'research': {
      const cnas = rng.chance(0.4);
      return {
        kind,
        usccType: '52',
        categories: cnas ? ['RND', 'INSTRUMENT_SHARING', 'TESTING'] : ['RND', 'INSTRUMENT_SHARING'],
        cma: false,
        cnas,
      };
    }
    case 'certification':
      return { kind, usccType: '91', categories: ['CERTIFICATION', 'TESTING'], cma: false, cnas: true };
    case 'instrument-platform':
      return { kind, usccType: '12', categories: ['INSTRUMENT_SHARING', 'TESTING'], cma: true, cnas: false };
  }
}

/** 义乌市华通检测技术有限公司, 东阳市检验检测研究院, 杭州博远工业设计有限公司, … */
export function providerName(rng: Random, kind: ProviderKind, place: string, sector: Sector): string {
  const trade = tradeName(rng);
  switch (kind) {
    case 'testing-lab':
      return `${place}${trade}${rng.pick(['检测技术有限公司', '检验检测有限公司', '质量检测有限公司'])}`;
    case 'public-institute':
      return `${place}${rng.pick(['检验检测研究院', '质量技术监督检测院', '产品质量检验所', '计量测试研究院'])}`;
    case 'design':
      return `${place}${trade}${rng.pick(['工业设计有限公司', '产品设计研究院有限公司', '创意设计有限公司'])}`;
    case 'research':
      return `${place}${trade}${rng.pick(['产业技术研究院', '先进制造研究院', '新材料研究院'])}`;
    case 'certification':
      return `${place}${trade}${rng.pick(['认证服务有限公司', '检验认证有限公司'])}`;
    case 'instrument-platform':
      return `${place}${rng.pick(['科研仪器共享服务中心', '大型仪器开放共享平台', `${SECTOR_NAMES[sector]}公共技术服务平台`])}`;
  }
}

/** Draws names until one is new (the lists are large enough that a few draws do). */
export function uniqueName(used: Set<string>, draw: () => string): string {
  for (let i = 0; i < 50; i++) {
    const name = draw();
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  throw new Error('ran out of distinct names: a smaller scale, or more names in tools/generator/names.ts');
}

const BANKS = ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '交通银行', '浙商银行', '金华银行', '浙江稠州商业银行'];
/** Digits of an account number at each bank (prefix, length). */
const ACCOUNT_FORMAT: Record<string, readonly [string, number]> = {
  中国工商银行: ['1208', 19],
  中国农业银行: ['19', 19],
  中国银行: ['3', 12],
  中国建设银行: ['3305', 20],
  交通银行: ['3378', 21],
  浙商银行: ['3380', 19],
  金华银行: ['1828', 18],
  浙江稠州商业银行: ['1501', 19],
};

export interface BankAccount {
  bankName: string;
  accountName: string;
  accountNo: string;
}

/** A basic account (基本存款账户) at a branch of the place: 中国工商银行义乌支行, 1208…. */
export function bankAccount(rng: Random, accountName: string, branchPlace: string, isCity: boolean): BankAccount {
  const bank = rng.pick(BANKS);
  const [prefix, length] = ACCOUNT_FORMAT[bank];
  const branch = bank === '金华银行' || bank === '浙江稠州商业银行' ? `${branchPlace}支行` : `${branchPlace}${isCity ? '分行' : '支行'}`;
  return { bankName: `${bank}${branch}`, accountName, accountNo: prefix + rng.digits(length - prefix.length) };
}

/** What an order of each category is for (the redemption's description). */
export const SERVICES: Record<Category, readonly string[]> = {
  TESTING: [
    'EMC 电磁兼容检测',
    '产品型式试验',
    'RoHS 有害物质检测',
    '盐雾与环境可靠性试验',
    '材料力学性能检测',
    '色牢度与成分检测',
    '锂电池安全检测',
    '中药材重金属与农残检测',
  ],
  CERTIFICATION: ['CCC 强制性产品认证', 'CE 认证测试', 'ISO 9001 质量管理体系认证', '绿色产品认证', '知识产权管理体系认证'],
  DESIGN: ['新产品外观设计', '结构设计与手板制作', '包装与品牌视觉设计', 'CMF 设计', '人机工程优化设计'],
  RND: ['工艺改进联合研发', '新材料配方研发', '控制软件开发', '样机试制与验证', '仿真分析与优化'],
  INSTRUMENT_SHARING: ['扫描电镜机时', '液质联用仪机时', 'X 射线衍射分析机时', '三坐标测量机时', '热重分析机时'],
};

/** Typical order sizes per category, in yuan: [min, max]. */
export const ORDER_YUAN: Record<Category, readonly [number, number]> = {
  TESTING: [3_000, 40_000],
  CERTIFICATION: [8_000, 60_000],
  DESIGN: [20_000, 150_000],
  RND: [50_000, 300_000],
  INSTRUMENT_SHARING: [800, 12_000],
};

export const PURPOSES = [
  '新产品型式试验与认证',
  '出口产品检测认证',
  '产品外观与结构设计升级',
  '关键工艺联合研发',
  '产品质量提升',
  '研发用大型仪器共享',
];

export const APPLICATION_REJECT_REASONS = [
  '申报材料不全，缺少服务合同',
  '申请用途与本券支持方向不符',
  '企业不属于科技型中小企业',
  '企业存在未整改的失信记录',
];
export const CITY_REJECT_REASON = '同一项目已获市级科技项目资助，不重复支持';
export const CLAIM_REJECT_REASON = '发票抬头与付款单位不一致，请重开发票';
export const REVOKE_REASON = '核查发现企业虚报申报材料，收回创新券';
export const BANK_RETURN_REASON = '收款账户户名与账号不符，银行退票';
