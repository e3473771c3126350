/** Whom an event concerns: every active user of an enterprise or a provider, or one user (an applicant). */
export type Recipient = { enterpriseId: string } | { providerId: string } | { userId: string };

/**
 * What happened, as the lib where it happened tells it to `NotificationsService.notify`, in the
 * transaction of the change. Amounts are in fen.
 */
export type NotificationEvent =
  | { kind: 'application.approved'; applicationId: string; enterpriseId: string; amount: bigint; voucherCode: string | null }
  | { kind: 'application.rejected'; applicationId: string; enterpriseId: string; amount: bigint; reason: string }
  | {
      kind: 'redemption.awaiting-confirmation';
      redemptionId: string;
      enterpriseId: string;
      providerName: string;
      orderAmount: bigint;
      subsidy: bigint;
    }
  | { kind: 'claim.approved'; claimId: string; providerId: string; amount: bigint; invoiceNumber: string }
  | { kind: 'claim.rejected'; claimId: string; providerId: string; amount: bigint; invoiceNumber: string; reason: string }
  | { kind: 'batch.paid'; batchId: string; providerId: string; period: string; amount: bigint; paymentReference: string }
  | {
      kind: 'registration.approved';
      registrationId: string;
      /** Which submission was decided (1 + resubmissions): a registration rejected, resubmitted and decided again is told again. */
      submission: number;
      userId: string;
      registrationKind: 'enterprise' | 'provider';
      name: string;
      /** The registration's contact phone, for the SMS. */
      phone: string | null;
    }
  | {
      kind: 'registration.rejected';
      registrationId: string;
      /** Which submission was decided (1 + resubmissions): a registration rejected, resubmitted and decided again is told again. */
      submission: number;
      userId: string;
      registrationKind: 'enterprise' | 'provider';
      name: string;
      reason: string;
      phone: string | null;
    }
  | { kind: 'voucher.expiring'; voucherId: string; enterpriseId: string; code: string; days: 30 | 7; validUntil: Date; balance: bigint }
  | { kind: 'order.requested'; orderId: string; providerId: string; enterpriseName: string; serviceName: string }
  | { kind: 'order.accepted'; orderId: string; enterpriseId: string; providerName: string; serviceName: string }
  | { kind: 'order.declined'; orderId: string; enterpriseId: string; providerName: string; serviceName: string; reason: string | null }
  | { kind: 'clawback.created'; clawbackId: string; providerId: string; amount: bigint; reason: string }
  /** An objection to a provider on public notice (入驻公示) was upheld: it will not be admitted. */
  | { kind: 'provider.refused'; objectionId: string; providerId: string; name: string; reason: string };

export type NotificationKind = NotificationEvent['kind'];

export const NOTIFICATION_KINDS = [
  'application.approved',
  'application.rejected',
  'redemption.awaiting-confirmation',
  'claim.approved',
  'claim.rejected',
  'batch.paid',
  'registration.approved',
  'registration.rejected',
  'voucher.expiring',
  'order.requested',
  'order.accepted',
  'order.declined',
  'clawback.created',
  'provider.refused',
] as const satisfies readonly NotificationKind[];

/**
 * An event as the delivery job carries it (JSON, no bigint): written once, the same for each
 * recipient. `key` names the event; a user gets one row per key.
 */
export interface NotificationMessage {
  key: string;
  kind: NotificationKind;
  to: Recipient;
  title: string;
  body: string;
  link: string | null;
  /** Business time of the event (ISO). */
  at: string;
  /** A phone number the event itself carries (a registration's contact), for the SMS channel. */
  phone: string | null;
}

/** A row of a user's inbox. */
export interface Notification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}
