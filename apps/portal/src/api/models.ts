/**
 * The portal's names for the API's schemas (generated in schema.d.ts, never copied by hand), and the
 * values of its enums as lists for selects and filters, each checked against the schema.
 */
import * as REFERENCE from '@ivl/rules';
import type { Schemas } from './client';

/** Every value of an API enum, as a list: compiles only when the list names each value of `T`, and nothing else. */
const valuesOf =
  <T extends string>() =>
  <const V extends readonly T[]>(values: V & ([T] extends [V[number]] ? unknown : never)): V =>
    values;

export type User = Schemas['UserResponse'];
export type Role = User['role'];
export type UserStatus = User['status'];
export type LoginResponse = Schemas['LoginResponse'];
export type Region = Schemas['RegionResponse'];
export type Complex = Schemas['ComplexResponse'];
export type Provider = Schemas['ProviderResponse'];
export type ProviderStatus = Provider['status'];
export type Category = Provider['categories'][number];
export type Accreditation = Provider['accreditations'][number];
export type Sector = Complex['sector'];
export type Enterprise = Schemas['EnterpriseResponse'];
export type Fund = Schemas['FundResponse'];
export type Allocation = Schemas['AllocationResponse'];
export type Program = Schemas['ProgramResponse'];
export type ProgramStatus = Program['status'];
export type FundingShare = Schemas['FundingShareResponse'];
export type Application = Schemas['ApplicationResponse'];
export type Voucher = Schemas['VoucherResponse'];
/** What a provider is shown of a voucher it looks up by code. */
export type ProviderVoucher = Schemas['ProviderVoucherResponse'];
export type Redemption = Schemas['RedemptionResponse'];
export type Claim = Schemas['ClaimResponse'];
export type SettlementRun = Schemas['RunResponse'];
export type Batch = Schemas['BatchResponse'];
export type BatchLine = Schemas['LineResponse'];
export type Reconciliation = Schemas['ReconciliationResponse'];
export type ReconClass = keyof Reconciliation['classes'];
export type LedgerReport = Schemas['LedgerReportResponse'];
export type LedgerAnchor = Schemas['AnchorResponse'];
export type AuditEntry = Schemas['AuditLogEntryResponse'];
export type AuditSample = Schemas['AuditSampleResponse'];
export type RiskSignal = Schemas['SignalResponse'];
export type RiskKind = RiskSignal['kind'];
export type RiskSeverity = RiskSignal['severity'];
export type RiskStatus = RiskSignal['status'];
export type Dashboard = Schemas['DashboardResponse'];
/** A stored evidence file (POST /documents, and the `documents` lists of what it is attached to). */
export type DocumentView = Schemas['DocumentResponse'];
export type Registration = Schemas['RegistrationResponse'];
/** A line of the inbox (GET /notifications). */
export type Notification = Schemas['NotificationResponse'];
/** A provider as the public directory shows it, with its published products and rating. */
export type DirectoryProvider = Schemas['DirectoryProviderResponse'];
export type DirectoryService = Schemas['DirectoryServiceResponse'];
/** A provider's own service product (GET /services). */
export type Service = Schemas['ServiceResponse'];
export type Order = Schemas['OrderResponse'];
export type Clawback = Schemas['ClawbackResponse'];
export type ClawbackPart = Schemas['ClawbackPartResponse'];
export type OrderStatus = Order['status'];
export type RegistrationKind = Registration['kind'];
export type RegistrationStatus = Registration['status'];
/** The particulars an applicant fills in at sign-up and corrects before a resubmission. */
export type RegistrationFields = Omit<Schemas['SignUpRequest'], 'kind' | 'username' | 'password'>;

export const ROLES = valuesOf<Role>()(['city_admin', 'county_officer', 'finance', 'provider', 'enterprise', 'auditor', 'applicant']);
export const RISK_KINDS = valuesOf<RiskKind>()([
  'HIDDEN_RELATION',
  'SPLIT_ORDERS',
  'INSTANT_CONFIRMATION',
  'SAME_AMOUNTS',
  'CONCENTRATION',
  'DUPLICATE_EVIDENCE',
]);
export const RISK_SEVERITIES = valuesOf<RiskSeverity>()(['high', 'medium', 'low']);
export const RISK_STATUSES = valuesOf<RiskStatus>()(['open', 'dismissed', 'confirmed']);
export const USER_STATUSES = valuesOf<UserStatus>()(['active', 'disabled']);
export const CATEGORIES = valuesOf<Category>()(REFERENCE.CATEGORIES);
export const SECTORS = valuesOf<Sector>()(REFERENCE.SECTORS);
export const COMPLEX_LEVELS = valuesOf<Complex['level']>()(REFERENCE.COMPLEX_LEVELS);
export const PROVIDER_STATUSES = valuesOf<ProviderStatus>()(REFERENCE.PROVIDER_STATUSES);
export const VOUCHER_STATUSES = valuesOf<Voucher['status']>()(['active', 'exhausted', 'expired', 'revoked']);
export const APPLICATION_STATUSES = valuesOf<Application['status']>()(['pending', 'approved', 'rejected']);
export const REDEMPTION_STATUSES = valuesOf<Redemption['status']>()(['pending', 'confirmed', 'cancelled']);
export const CLAIM_STATUSES = valuesOf<Claim['status']>()(['submitted', 'approved', 'rejected']);
export const RECON_CLASSES = valuesOf<ReconClass>()(['available', 'vouchers', 'held', 'payable', 'inSettlement', 'paid', 'recoverable']);
export const ORDER_STATUSES = valuesOf<OrderStatus>()(['requested', 'accepted', 'declined', 'cancelled', 'redeemed']);
export const SERVICE_STATUSES = valuesOf<Service['status']>()(['published', 'withdrawn']);
