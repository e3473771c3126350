export { NoticesModule } from './notices.module.js';
export { NoticesService } from './notices.service.js';
export { parseNoticeId } from './notice-id.js';
export { NOTICE_KINDS, OBJECTION_STATUSES } from './notice.types.js';
export type {
  NewObjection,
  Notice,
  NoticeFilter,
  NoticeItem,
  NoticeKind,
  Objection,
  ObjectionFilter,
  ObjectionStatus,
  PaymentNoticeItem,
  ProviderNoticeItem,
  PublicObjection,
  VoucherNoticeItem,
} from './notice.types.js';
