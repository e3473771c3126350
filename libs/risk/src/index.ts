export { normalisePhone, normaliseText, sameTrait } from './normalise.js';
export { RiskModule } from './risk.module.js';
export { RiskService } from './risk.service.js';
export type { ScanResult } from './risk.service.js';
export { RISK_KINDS, RISK_SEVERITIES, RISK_STATUSES } from './risk.types.js';
export type { RiskKind, RiskScan, RiskSeverity, RiskSignal, RiskStatus, SignalFilter } from './risk.types.js';
