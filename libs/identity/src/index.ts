export { IdentityModule } from './identity.module.js';
export { IdentityService } from './identity.service.js';
export type { NewUser } from './identity.service.js';
