export { CLAIM_PAYMENT_STATUSES, CLAIM_STATUSES } from './claim.types.js';
export type { Claim, ClaimDetail, ClaimPayment, ClaimPaymentStatus, ClaimStatus, NewClaim } from './claim.types.js';
export { ClaimsModule } from './claims.module.js';
export { ClaimsService } from './claims.service.js';
