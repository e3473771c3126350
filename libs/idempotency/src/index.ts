export { IdempotencyModule } from './idempotency.module.js';
export { IdempotencyService, requestHash } from './idempotency.service.js';
export type { IdempotentAnswer, IdempotentRequest } from './idempotency.service.js';
