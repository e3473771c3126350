/** Service categories a voucher can pay for (docs/domain.md). */
export const CATEGORIES = ['TESTING', 'CERTIFICATION', 'DESIGN', 'RND', 'INSTRUMENT_SHARING'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Sectors of the industrial innovation service complexes. */
export const SECTORS = [
  'NEV',
  'BIOMED',
  'HARDWARE',
  'TEXTILE',
  'SMALL_COMMODITIES',
  'ELECTRONICS',
  'SMART_EQUIPMENT',
  'ENERGY_EQUIPMENT',
  'NEW_MATERIALS',
  'ROBOTICS',
] as const;
export type Sector = (typeof SECTORS)[number];

export const COMPLEX_LEVELS = ['provincial', 'city', 'county'] as const;
export type ComplexLevel = (typeof COMPLEX_LEVELS)[number];

/** The city's region code (金华市): the one region of level `city`; its bureaus read the whole city's screen. */
export const CITY_CODE = '330700';

export const REGION_LEVELS = ['city', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const ACCREDITATION_TYPES = ['CMA', 'CNAS'] as const;
export type AccreditationType = (typeof ACCREDITATION_TYPES)[number];

/** `notice`: approved through registration, publicly noticed (公示) until its notice ends; it neither redeems nor claims yet. */
/** `refused`: on notice (公示) until an objection against it was upheld; it never became active. */
export const PROVIDER_STATUSES = ['active', 'notice', 'suspended', 'blacklisted', 'refused'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];
