export { ClawbacksModule } from './clawbacks.module.js';
export { ClawbacksService } from './clawbacks.service.js';
export { CLAWBACK_STATUSES } from './clawback.types.js';
export type { Clawback, ClawbackFilter, ClawbackPart, ClawbackStatus, NewClawback } from './clawback.types.js';
