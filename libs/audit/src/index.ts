export { AuditModule } from './audit.module.js';
export { AuditService } from './audit.service.js';
export type { AuditEntry, AuditFilter, AuditNames, AuditRecord, NamedAuditRecord } from './audit.types.js';
