export { AuditSamplesService } from './audit-samples.service.js';
export type { AuditSample } from './audit-samples.service.js';
export { reconciliationCsv, reconciliationPdf, reconciliationXlsx } from './reconciliation.export.js';
export { ReconciliationModule } from './reconciliation.module.js';
export { ReconciliationService } from './reconciliation.service.js';
export { MOVEMENT_OF_KIND, RECONCILED_CLASSES } from './reconciliation.types.js';
export type { ClassReconciliation, ReconciledClass, Reconciliation } from './reconciliation.types.js';
export { DashboardService } from './dashboard.service.js';
export type { Dashboard, DashboardMonth, DashboardSector } from './dashboard.service.js';
