export type { Account } from './account.js';
export { AccountsService } from './accounts.service.js';
export { IdentityModule } from './identity.module.js';
export { IdentityService } from './identity.service.js';
export type { NewUser, Session } from './identity.service.js';
export { USER_STATUSES } from './user.types.js';
export type { UserStatus } from './user.types.js';
export { SESSION_CHECK_TTL_MS } from './session-cache.js';
