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
