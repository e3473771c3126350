export const RISK_KINDS = [
  'HIDDEN_RELATION',
  'SPLIT_ORDERS',
  'INSTANT_CONFIRMATION',
  'SAME_AMOUNTS',
  'CONCENTRATION',
  'DUPLICATE_EVIDENCE',
] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

export const RISK_SEVERITIES = ['low', 'medium', 'high'] as const;
export type RiskSeverity = (typeof RISK_SEVERITIES)[number];

export const RISK_STATUSES = ['open', 'dismissed', 'confirmed'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

/** One risk signal (风险线索): what was found, about whom, and the evidence (ids, amounts in fen, times). */
export interface RiskSignal {
  id: string;
  kind: RiskKind;
  severity: RiskSeverity;
  regionCode: string;
  period: string;
  subject: Record<string, unknown>;
  evidence: Record<string, unknown>;
  status: RiskStatus;
  detectedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

export interface SignalFilter {
  regionCode?: string;
  period?: string;
  kind?: RiskKind;
  severity?: RiskSeverity;
  status?: RiskStatus;
}

/** One scan of a region and period (on demand or nightly). */
export interface RiskScan {
  jobId: string;
  regionCode: string;
  period: string;
  state: 'waiting' | 'active' | 'completed' | 'failed';
  /** Signals found by the scan (new and already known), once it completed. */
  signals: number | null;
  newSignals: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}
