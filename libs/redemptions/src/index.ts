export { REDEMPTION_STATUSES } from './redemption.types.js';
export type { NewRedemption, Rating, Redemption, RedemptionStatus } from './redemption.types.js';
export { RedemptionsModule } from './redemptions.module.js';
export { RedemptionsService } from './redemptions.service.js';
export { ratioFor, ruleAmount, subsidyFor } from '@ivl/rules';
export type { SubsidyRule } from '@ivl/rules';
