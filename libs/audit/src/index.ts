export { AuditModule } from './audit.module.js';
export { AuditService } from './audit.service.js';
export type { AuditEntry, AuditFilter, AuditRecord } from './audit.types.js';
