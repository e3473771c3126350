import type { ReactElement } from 'react';
import { CITY_CODE } from '@ivl/rules';
import type { Role } from './api/models';
import type { NavItem } from './components/AppLayout';
import { mayIn, type Who } from './lib/may';
import { ApplyPage } from './pages/enterprise/ApplyPage';
import { HistoryPage } from './pages/enterprise/HistoryPage';
import { PendingPage } from './pages/enterprise/PendingPage';
import { VouchersPage } from './pages/enterprise/VouchersPage';
import { FundsPage } from './pages/finance/FundsPage';
import { ReconciliationPage } from './pages/finance/ReconciliationPage';
import { SettlementsPage } from './pages/finance/SettlementsPage';
import { ApplicationsReviewPage } from './pages/officer/ApplicationsReviewPage';
import { EnterprisesPage } from './pages/officer/EnterprisesPage';
import { VoucherAdminPage } from './pages/officer/VoucherAdminPage';
import { ClaimsPage } from './pages/provider/ClaimsPage';
import { NewClaimPage } from './pages/provider/NewClaimPage';
import { PaymentsPage } from './pages/provider/PaymentsPage';
import { RedeemPage } from './pages/provider/RedeemPage';
import { RegionsPage } from './pages/admin/RegionsPage';
import { ComplexesPage } from './pages/admin/ComplexesPage';
import { ProvidersPage } from './pages/admin/ProvidersPage';
import { UsersPage } from './pages/admin/UsersPage';
import { ProgramsPage } from './pages/admin/ProgramsPage';
import { QueuesPage } from './pages/admin/QueuesPage';
import { AuditLogPage } from './pages/auditor/AuditLogPage';
import { LedgerPage } from './pages/auditor/LedgerPage';
import { RiskSignalsPage } from './pages/auditor/RiskSignalsPage';
import { SamplesPage } from './pages/auditor/SamplesPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { CityScreenPage } from './pages/screen/CityScreenPage';
import { MyRegistrationPage } from './pages/registration/MyRegistrationPage';
import { RegistrationsReviewPage } from './pages/registration/RegistrationsReviewPage';
import { DirectoryPage } from './pages/directory/DirectoryPage';
import { OrdersPage } from './pages/orders/OrdersPage';
import { ServicesPage } from './pages/provider/ServicesPage';
import { ClawbacksPage } from './pages/clawbacks/ClawbacksPage';
import { NoticesPage } from './pages/notices/NoticesPage';
import { ObjectionsPage } from './pages/notices/ObjectionsPage';
import { EvaluationPage } from './pages/evaluation/EvaluationPage';

export interface Screen extends NavItem {
  element: ReactElement;
  /** Shown only to these users of the roles whose menu holds it (default: all of them). */
  shownTo?: (who: Who) => boolean;
}

/** Every screen once: its menu key (data-testid="menu-<key>"), hash route, title and page. */
const SCREENS: Record<string, Screen> = {
  dashboard: { key: 'dashboard', path: '/dashboard', label: 'menu.dashboard', element: <DashboardPage /> },
  screen: {
    key: 'screen',
    path: '/screen',
    label: 'menu.screen',
    element: <CityScreenPage />,
    // The whole city's year: a county's bureaus read their county's dashboard instead.
    shownTo: (who) => mayIn(who, 'dashboard.city.read', CITY_CODE),
  },
  vouchers: { key: 'vouchers', path: '/vouchers', label: 'menu.vouchers', element: <VouchersPage /> },
  apply: { key: 'apply', path: '/apply', label: 'menu.apply', element: <ApplyPage /> },
  pending: { key: 'pending', path: '/pending', label: 'menu.pending', element: <PendingPage /> },
  history: { key: 'history', path: '/history', label: 'menu.history', element: <HistoryPage title="menu.history" rate /> },
  redeem: { key: 'redeem', path: '/redeem', label: 'menu.redeem', element: <RedeemPage /> },
  redemptions: {
    key: 'redemptions',
    path: '/redemptions',
    label: 'menu.redemptions',
    element: <HistoryPage title="menu.redemptions" cancel />,
  },
  newClaim: { key: 'newClaim', path: '/claims/new', label: 'menu.newClaim', element: <NewClaimPage /> },
  claims: { key: 'claims', path: '/claims', label: 'menu.claims', element: <ClaimsPage /> },
  payments: { key: 'payments', path: '/payments', label: 'menu.payments', element: <PaymentsPage /> },
  reviewApplications: {
    key: 'reviewApplications',
    path: '/review/applications',
    label: 'menu.reviewApplications',
    element: <ApplicationsReviewPage />,
  },
  reviewRegistrations: {
    key: 'reviewRegistrations',
    path: '/review/registrations',
    label: 'menu.reviewRegistrations',
    element: <RegistrationsReviewPage />,
  },
  registration: { key: 'registration', path: '/registration', label: 'menu.registration', element: <MyRegistrationPage /> },
  reviewClaims: { key: 'reviewClaims', path: '/review/claims', label: 'menu.reviewClaims', element: <ClaimsPage review /> },
  enterprises: { key: 'enterprises', path: '/enterprises', label: 'menu.enterprises', element: <EnterprisesPage /> },
  voucherAdmin: { key: 'voucherAdmin', path: '/voucher-admin', label: 'menu.voucherAdmin', element: <VoucherAdminPage /> },
  funds: { key: 'funds', path: '/funds', label: 'menu.funds', element: <FundsPage /> },
  settlements: { key: 'settlements', path: '/settlements', label: 'menu.settlements', element: <SettlementsPage /> },
  reconciliation: { key: 'reconciliation', path: '/reconciliation', label: 'menu.reconciliation', element: <ReconciliationPage /> },
  regions: { key: 'regions', path: '/admin/regions', label: 'menu.regions', element: <RegionsPage /> },
  complexes: { key: 'complexes', path: '/admin/complexes', label: 'menu.complexes', element: <ComplexesPage /> },
  providers: { key: 'providers', path: '/admin/providers', label: 'menu.providers', element: <ProvidersPage /> },
  users: { key: 'users', path: '/admin/users', label: 'menu.users', element: <UsersPage /> },
  enterpriseUsers: { key: 'enterpriseUsers', path: '/enterprise-users', label: 'menu.enterpriseUsers', element: <UsersPage /> },
  programs: { key: 'programs', path: '/programs', label: 'menu.programs', element: <ProgramsPage /> },
  auditLog: { key: 'auditLog', path: '/audit-log', label: 'menu.auditLog', element: <AuditLogPage screenOf={auditedScreen} /> },
  ledger: { key: 'ledger', path: '/ledger', label: 'menu.ledger', element: <LedgerPage /> },
  samples: { key: 'samples', path: '/audit-samples', label: 'menu.samples', element: <SamplesPage /> },
  risk: { key: 'risk', path: '/risk', label: 'menu.risk', element: <RiskSignalsPage /> },
  queues: { key: 'queues', path: '/admin/queues', label: 'menu.queues', element: <QueuesPage /> },
  directory: { key: 'directory', path: '/directory', label: 'menu.directory', element: <DirectoryPage /> },
  orders: { key: 'orders', path: '/orders', label: 'menu.orders', element: <OrdersPage /> },
  orderQueue: { key: 'orderQueue', path: '/order-queue', label: 'menu.orderQueue', element: <OrdersPage queue /> },
  services: { key: 'services', path: '/services', label: 'menu.services', element: <ServicesPage /> },
  clawbacks: { key: 'clawbacks', path: '/clawbacks', label: 'menu.clawbacks', element: <ClawbacksPage /> },
  notices: { key: 'notices', path: '/notices', label: 'menu.notices', element: <NoticesPage /> },
  objections: { key: 'objections', path: '/objections', label: 'menu.objections', element: <ObjectionsPage /> },
  evaluation: { key: 'evaluation', path: '/evaluation', label: 'menu.evaluation', element: <EvaluationPage /> },
  me: { key: 'me', path: '/me', label: 'menu.me', element: <></> },
};

/** What each role's menu holds, in order; the first entry is its home screen. */
const MENUS: Record<Role, string[]> = {
  applicant: ['registration', 'me'],
  enterprise: ['vouchers', 'directory', 'orders', 'apply', 'pending', 'history', 'me'],
  provider: ['redeem', 'orderQueue', 'services', 'redemptions', 'newClaim', 'claims', 'payments', 'clawbacks', 'evaluation', 'me'],
  county_officer: [
    'reviewApplications',
    'reviewClaims',
    'reviewRegistrations',
    'enterprises',
    'enterpriseUsers',
    'voucherAdmin',
    'objections',
    'programs',
    'reconciliation',
    'risk',
    'dashboard',
    'screen',
    'evaluation',
    'me',
  ],
  finance: [
    'funds',
    'programs',
    'settlements',
    'clawbacks',
    'objections',
    'reconciliation',
    'risk',
    'dashboard',
    'screen',
    'evaluation',
    'me',
  ],
  city_admin: [
    'dashboard',
    'screen',
    'evaluation',
    'regions',
    'complexes',
    'providers',
    'enterprises',
    'users',
    'programs',
    'funds',
    'reviewApplications',
    'reviewClaims',
    'reviewRegistrations',
    'voucherAdmin',
    'objections',
    'settlements',
    'reconciliation',
    'auditLog',
    'ledger',
    'samples',
    'clawbacks',
    'risk',
    'queues',
    'me',
  ],
  auditor: [
    'dashboard',
    'screen',
    'evaluation',
    'risk',
    'auditLog',
    'ledger',
    'samples',
    'clawbacks',
    'objections',
    'reconciliation',
    'me',
  ],
};

/** The menu of this user: its role's screens that are shown to it. */
export function screensFor(who: Who & { role: Role }): Screen[] {
  return MENUS[who.role].map((k) => SCREENS[k]).filter((s) => !s.shownTo || s.shownTo(who));
}

/**
 * Where a notification's link (`#/<kind>/<id>`) lands for a role: the first of these screens in its
 * menu (the enterprise's pending confirmations for a redemption, the provider's redemptions…).
 */
const LINKED: Record<string, string[]> = {
  applications: ['apply', 'reviewApplications'],
  redemptions: ['pending', 'redemptions', 'history'],
  claims: ['claims', 'reviewClaims'],
  payments: ['payments'],
  registrations: ['registration', 'reviewRegistrations'],
  orders: ['orders', 'orderQueue'],
  vouchers: ['vouchers', 'voucherAdmin'],
  clawbacks: ['clawbacks'],
};

/** The screen a notification about a `kind` (applications, orders…) opens for this role, if any. */
export function linkedScreen(role: Role, kind: string): Screen | undefined {
  const menu = MENUS[role];
  const key = (LINKED[kind] ?? []).find((k) => menu.includes(k));
  return key ? SCREENS[key] : undefined;
}

/** The kinds of object notifications link to. */
export const LINKED_KINDS = Object.keys(LINKED);

/**
 * The screen an audit entry's object opens for this role (`?open=<id>`), if its menu has one: the
 * notification kinds above, and the lists of the objects notifications never name.
 */
const AUDITED: Record<string, string[]> = {
  application: LINKED.applications,
  redemption: LINKED.redemptions,
  claim: LINKED.claims,
  registration: LINKED.registrations,
  order: LINKED.orders,
  voucher: LINKED.vouchers,
  clawback: LINKED.clawbacks,
  program: ['programs'],
  fund: ['funds'],
  enterprise: ['enterprises'],
  provider: ['providers'],
  complex: ['complexes'],
  region: ['regions'],
  user: ['users', 'enterpriseUsers'],
  service: ['services'],
  settlement_batch: ['settlements'],
  settlement_run: ['settlements'],
  objection: ['objections'],
  risk_signal: ['risk'],
  risk_scan: ['risk'],
  audit_sample: ['samples'],
};

export function auditedScreen(role: Role, entityType: string): Screen | undefined {
  const menu = MENUS[role];
  const key = (AUDITED[entityType] ?? []).find((k) => menu.includes(k));
  return key ? SCREENS[key] : undefined;
}
