export { SettlementModule } from './settlement.module.js';
export { SettlementService } from './settlement.service.js';
export { BATCH_STATUSES } from './settlement.types.js';
export type {
  BatchStatus,
  LineStatus,
  RunState,
  SettlementBatch,
  SettlementBatchDetail,
  SettlementLine,
  SettlementRun,
} from './settlement.types.js';
