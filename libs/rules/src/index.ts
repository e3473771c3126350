export { fenToYuan, formatFen, largestRemainder, MAX_FEN, parseYuan, sumFen } from './money.js';
export type { YuanParse } from './money.js';
export { previewSubsidy, ratioFor, ruleAmount, subsidyFor } from './subsidy.js';
export type { ProgramRule, SubsidyPreview, SubsidyRule } from './subsidy.js';
export {
  BODY_LENGTH,
  checkCode,
  checkSymbol,
  codeForReading,
  formatCode,
  formatTypedCode,
  normaliseCode,
  parseCode,
  SYMBOLS,
} from './voucher-code.js';
export type { CodeCheck } from './voucher-code.js';
export { ACCREDITATION_TYPES, CATEGORIES, CITY_CODE, COMPLEX_LEVELS, PROVIDER_STATUSES, REGION_LEVELS, SECTORS } from './reference.js';
export type { AccreditationType, Category, ComplexLevel, ProviderStatus, RegionLevel, Sector } from './reference.js';
export {
  CATEGORY_TERMS,
  COMPLEX_LEVEL_TERMS,
  COUNT_TERMS,
  LEDGER_CLASS_TERMS,
  MOVEMENT_TERMS,
  NOTICE_KIND_TERMS,
  NOUN_TERMS,
  REGION_LEVEL_TERMS,
  REGISTRATION_KIND_TERMS,
  RISK_KIND_TERMS,
  RISK_SEVERITY_TERMS,
  ROLE_TERMS,
  SECTOR_TERMS,
  STATUS_TERMS,
  TX_KIND_TERMS,
  yesNo,
  zhOf,
} from './glossary.js';
export type { StatusObject, Term } from './glossary.js';
