export { RegistrationModule } from './registration.module.js';
export { RegistrationsService } from './registrations.service.js';
export type { Corrections, SignUp } from './registrations.service.js';
export { REGISTRATION_KINDS, REGISTRATION_STATUSES } from './registration.types.js';
export type {
  ProviderDetails,
  Registration,
  RegistrationDetails,
  RegistrationFilter,
  RegistrationKind,
  RegistrationStatus,
  RegistrationWithDocuments,
} from './registration.types.js';
