/** One change to record: what, on which object, and whose object it is. */
export interface AuditEntry {
  entityType: string;
  entityId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  /** Whose object it is, so regional and party users can read the entries on their own objects. */
  scope?: { regionCode?: string | null; providerId?: string | null; enterpriseId?: string | null };
  data?: Record<string, unknown>;
}

/** Which entries a reader asks for (paged backwards by id). */
export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  /** Any part of the object's id, the action, the reason, the recorded data or the actor's username. */
  q?: string;
  limit: number;
  offset?: number;
  beforeId?: string;
}

/** Who and what by name, resolved when the log is read (never stored: a renamed object reads by its name today). */
export interface AuditNames {
  /** the acting user's username (null for the system) */
  actorName: string | null;
  /** the acting user's region (its office: 婺城区 → 婺城区科技局 / 财政局 by role), if it has one */
  actorRegionName: string | null;
  /** the acting user's provider or enterprise, if it acts for one */
  actorOrgName: string | null;
  /** the object by name: program/enterprise/provider name, voucher code, 「2026-11 第1批」… (null if unknown) */
  entityName: string | null;
}

/** An entry as the audit log shows it. */
export interface AuditRecord {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  entityType: string;
  entityId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}

/** An entry with its actor and object by name, as GET /audit-log answers it. */
export type NamedAuditRecord = AuditRecord & AuditNames;
