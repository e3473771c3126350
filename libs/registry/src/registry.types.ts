import type { AccreditationType, Category, ComplexLevel, ProviderStatus, RegionLevel, Sector } from '@ivl/core';

/** A region of Jinhua (the city or one of its counties and districts). */
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  /** The region's payment notice (兑付公示) in days; null: the default (PAYMENT_NOTICE_DAYS). */
  paymentNoticeDays: number | null;
}

/** An industrial innovation service complex (产业创新服务综合体). */
export interface Complex {
  id: string;
  name: string;
  sector: Sector;
  level: ComplexLevel;
  regionCode: string;
  createdAt: Date;
}

export interface Accreditation {
  type: AccreditationType;
  number: string;
  /** `YYYY-MM-DD`, the last day it is valid (Asia/Shanghai). */
  validUntil: string;
}

/** A service provider (服务机构). */
export interface Provider {
  id: string;
  uscc: string;
  name: string;
  regionCode: string;
  complexId: string | null;
  categories: Category[];
  accreditations: Accreditation[];
  controllerKey: string | null;
  bankName: string;
  accountName: string;
  accountNo: string;
  status: ProviderStatus;
  /** When the public notice (公示) of a provider approved through registration ends; null for providers never on notice. */
  noticeEndsAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A small or medium enterprise (SME) that applies for and uses vouchers. */
export interface Enterprise {
  id: string;
  uscc: string;
  name: string;
  regionCode: string;
  controllerKey: string | null;
  createdAt: Date;
}
