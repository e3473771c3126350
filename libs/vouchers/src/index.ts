export { ApplicationsService } from './applications.service.js';
export { VoucherBalances } from './voucher-balances.js';
export { VoucherHolds } from './voucher-holds.js';
export type { ReleasedHold } from './voucher-holds.js';
export { checkSymbol, formatCode, parseCode } from '@ivl/rules';
export { generateCodeBody } from './voucher-code.js';
export { APPLICATION_STATUSES, VOUCHER_STATUSES } from './voucher.types.js';
export type {
  Application,
  ApplicationDetail,
  ApplicationStatus,
  Decision,
  ReviewStage,
  Voucher,
  VoucherPart,
  VoucherStatus,
} from './voucher.types.js';
export { VouchersModule } from './vouchers.module.js';
export { VouchersService } from './vouchers.service.js';
