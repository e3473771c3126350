import type { Sector } from '@ivl/core';

export const CITY = '330700';
/** The nine counties of Jinhua (docs/domain.md), in code order. */
export const COUNTIES = ['330702', '330703', '330723', '330726', '330727', '330781', '330782', '330783', '330784'] as const;

export interface JinhuaRegion {
  code: string;
  name: string;
  /** Latin slug for usernames: `yiwu-finance`. */
  slug: string;
  /** Abbreviation in document numbers: 义财企〔2026〕7号. */
  abbrev: string;
  /** How local firms prefix their names: 义乌市…有限公司 (a district's firms say 金华市). */
  firmPrefix: string;
  /** The sector of the region's industrial innovation service complex (one of each sector over the ten regions). */
  sector: Sector;
  complexLevel: 'provincial' | 'city' | 'county';
}

/** The city and its nine counties, with the industry each is known for. */
export const JINHUA: readonly JinhuaRegion[] = [
  { code: '330700', name: '金华市', slug: 'jinhua', abbrev: '金', firmPrefix: '金华市', sector: 'SMART_EQUIPMENT', complexLevel: 'city' },
  { code: '330702', name: '婺城区', slug: 'wucheng', abbrev: '婺', firmPrefix: '金华市', sector: 'NEV', complexLevel: 'provincial' },
  { code: '330703', name: '金东区', slug: 'jindong', abbrev: '金东', firmPrefix: '金华市', sector: 'ROBOTICS', complexLevel: 'county' },
  { code: '330723', name: '武义县', slug: 'wuyi', abbrev: '武', firmPrefix: '武义县', sector: 'ENERGY_EQUIPMENT', complexLevel: 'county' },
  { code: '330726', name: '浦江县', slug: 'pujiang', abbrev: '浦', firmPrefix: '浦江县', sector: 'NEW_MATERIALS', complexLevel: 'county' },
  { code: '330727', name: '磐安县', slug: 'panan', abbrev: '磐', firmPrefix: '磐安县', sector: 'BIOMED', complexLevel: 'county' },
  { code: '330781', name: '兰溪市', slug: 'lanxi', abbrev: '兰', firmPrefix: '兰溪市', sector: 'TEXTILE', complexLevel: 'county' },
  {
    code: '330782',
    name: '义乌市',
    slug: 'yiwu',
    abbrev: '义',
    firmPrefix: '义乌市',
    sector: 'SMALL_COMMODITIES',
    complexLevel: 'provincial',
  },
  { code: '330783', name: '东阳市', slug: 'dongyang', abbrev: '东', firmPrefix: '东阳市', sector: 'ELECTRONICS', complexLevel: 'county' },
  { code: '330784', name: '永康市', slug: 'yongkang', abbrev: '永', firmPrefix: '永康市', sector: 'HARDWARE', complexLevel: 'provincial' },
];

/** 义乌, 婺城: the name without 市, 县 or 区 (bank branches are named so). */
export function shortName(name: string): string {
  return name.replace(/[市县区]$/, '');
}

/** Regions outside Jinhua that some providers come from (added by the city admin). */
export const OUTSIDE: ReadonlyArray<{ code: string; name: string; slug: string }> = [
  { code: '330100', name: '杭州市', slug: 'hangzhou' },
  { code: '330200', name: '宁波市', slug: 'ningbo' },
];

export const SECTOR_NAMES: Record<Sector, string> = {
  NEV: '节能与新能源汽车',
  BIOMED: '生物医药与健康产品制造',
  HARDWARE: '现代五金',
  TEXTILE: '时尚纺织服装',
  SMALL_COMMODITIES: '现代小商品制造',
  ELECTRONICS: '电子信息制造',
  SMART_EQUIPMENT: '智能制造装备',
  ENERGY_EQUIPMENT: '新能源与节能环保装备',
  NEW_MATERIALS: '新材料',
  ROBOTICS: '机器人',
};

export function jinhuaRegion(code: string): JinhuaRegion {
  const region = JINHUA.find((r) => r.code === code);
  if (!region) throw new Error(`not a Jinhua region: ${code}`);
  return region;
}

/** Name of any region the generator uses (Jinhua's ten and the outside ones). */
export function regionName(code: string): string {
  return JINHUA.find((r) => r.code === code)?.name ?? OUTSIDE.find((r) => r.code === code)?.name ?? code;
}

export function regionSlug(code: string): string {
  return JINHUA.find((r) => r.code === code)?.slug ?? OUTSIDE.find((r) => r.code === code)?.slug ?? code;
}
