import type { AccreditationType, Category } from '@ivl/core';
import type { DocumentView } from '@ivl/documents';

export const REGISTRATION_KINDS = ['enterprise', 'provider'] as const;
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];

/** `submitted`: waiting for review (again, after a resubmission); `approved` and `rejected` are decisions. */
export const REGISTRATION_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** What a provider adds to its registration (入库申请). */
export interface ProviderDetails {
  complexId: string | null;
  categories: Category[];
  accreditations: Array<{ type: AccreditationType; number: string; validUntil: string }>;
  bankAccount: { bankName: string; accountName: string; accountNo: string };
}

/** The company as the applicant describes it (what a resubmission may change). */
export interface RegistrationDetails {
  uscc: string;
  name: string;
  regionCode: string;
  legalRepresentative: string;
  contactName: string;
  contactPhone: string;
  address: string;
  provider: ProviderDetails | null;
}

/** A sign-up of an enterprise or a provider and where its review stands. */
export interface Registration extends RegistrationDetails {
  id: string;
  kind: RegistrationKind;
  status: RegistrationStatus;
  applicantUserId: string;
  /** The applicant's username (the account that logs in). */
  username: string;
  /** How many times it was submitted: 1, plus one per resubmission. */
  submissions: number;
  submittedAt: Date;
  decidedAt: Date | null;
  decisionComment: string | null;
  rejectionReason: string | null;
  enterpriseId: string | null;
  providerId: string | null;
  createdAt: Date;
}

/** A registration with its documents (the business licence, certificates), oldest first. */
export type RegistrationWithDocuments = Registration & { documents: DocumentView[] };

export interface RegistrationFilter {
  status?: RegistrationStatus;
  kind?: RegistrationKind;
  /** Any part of the name, or of the USCC. */
  q?: string;
  limit: number;
  offset: number;
}
