export {
  isConfinedToRegistration,
  mayAccess,
  mayTake,
  POLICY,
  reachOf,
  regionScopeOf,
  requireAccess,
  requireRole,
  scopeOf,
} from './access.js';
export type { Action, Reach, Scope, Target } from './access.js';
export { actorOf, ROLES, REGIONAL_ROLES } from './actor.js';
export type { Actor, ActorScope, ApplicantActor, CityActor, EnterpriseActor, ProviderActor, RegionalActor, Role } from './actor.js';
export { Clock, FixedClock } from './clock.js';
export { DomainError, ErrorCode } from './domain-error.js';
export type { FieldError } from './domain-error.js';
export {
  endOfShanghaiDayAfter,
  FIRST_PERIOD,
  isPeriod,
  periodOf,
  periodRange,
  nextPeriod,
  previousPeriod,
  readPeriod,
  shanghaiDate,
  toShanghaiIso,
} from './shanghai-time.js';
export { isValidUscc, normalizeUscc, usccCheckCharacter } from './uscc.js';
export { ACCREDITATION_TYPES, CATEGORIES, COMPLEX_LEVELS, PROVIDER_STATUSES, REGION_LEVELS, SECTORS } from '@ivl/rules';
export type { AccreditationType, Category, ComplexLevel, ProviderStatus, RegionLevel, Sector } from '@ivl/rules';
export { createPino, PinoLogger } from './logger.js';
export { maskAccountNo } from './bank-account.js';
export { csvDocument, NumericCell, neutraliseFormula } from './spreadsheet.js';
export type { CsvCell } from './spreadsheet.js';
export { PASSWORD_MIN_LENGTH, passwordProblem } from './password-rules.js';
export { required } from './required.js';
export { PdfReport } from './pdf.js';
export type { PdfAlign, PdfColumn } from './pdf.js';
export { containsPattern, SEARCH_TEXT_MAX } from './text-search.js';
