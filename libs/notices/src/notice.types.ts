import type { Category, ProviderStatus } from '@ivl/core';

export const NOTICE_KINDS = ['provider', 'voucher', 'payment'] as const;
/** 入驻公示 (a provider before activation), 创新券发放公示 (one program's vouchers issued on one Shanghai day), 兑付公示 (a batch before payment). */
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** A provider on notice, as the public sees it: no bank account, no contacts. */
export interface ProviderNoticeItem {
  itemRef: string;
  name: string;
  uscc: string;
  regionCode: string;
  complexName: string | null;
  categories: Category[];
  status: ProviderStatus;
}

/** A voucher issued, as the public sees it: not its code (the code is what a provider redeems). */
export interface VoucherNoticeItem {
  itemRef: string;
  programName: string;
  enterpriseName: string;
  faceValue: bigint;
  status: string;
}

/** A payment line of a batch: the provider paid and how much (never its account). */
export interface PaymentNoticeItem {
  itemRef: string;
  providerName: string;
  amount: bigint;
  status: string;
}

export type NoticeItem = ProviderNoticeItem | VoucherNoticeItem | PaymentNoticeItem;

/** An objection as the public sees it: never the objector's name, contact or address. */
export interface PublicObjection {
  id: string;
  itemRef: string;
  status: ObjectionStatus;
  text: string;
  outcome: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface Notice {
  id: string;
  kind: NoticeKind;
  regionCode: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  items: NoticeItem[];
  objections: PublicObjection[];
}

export interface NoticeFilter {
  kind?: NoticeKind;
  regionCode?: string;
  limit: number;
  offset: number;
}

/** An objection as the reviewing office sees it. */
export interface Objection extends PublicObjection {
  noticeId: string;
  kind: NoticeKind;
  regionCode: string;
  providerId: string | null;
  voucherId: string | null;
  batchId: string | null;
  name: string;
  contact: string;
  decidedBy: string | null;
}

export interface ObjectionFilter {
  status?: ObjectionStatus;
  kind?: NoticeKind;
  limit: number;
  offset: number;
}

export interface NewObjection {
  name: string;
  contact: string;
  text: string;
  itemRef?: string;
  /** The objector's address, for the rate limits and abuse reviews; never shown. */
  address: string;
}
