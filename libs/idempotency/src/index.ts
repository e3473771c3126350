export { IdempotencyModule } from './idempotency.module.js';
export { IdempotencyService, KEY_TAKEN_SQLSTATE, requestHash } from './idempotency.service.js';
export type { IdempotentAnswer, IdempotentRequest, KeyToStore } from './idempotency.service.js';
