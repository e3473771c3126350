import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '@ivl/core';
import type { RiskKind, RiskScan, RiskSeverity, RiskSignal, RiskStatus, SignalFilter } from './risk.types.js';

// The risk scan is a set-based read of other libs' tables, read-only: redemptions (redemptions: the
// confirmed redemptions of a region's programs in a period), programs (funding: the issuing region,
// the full-coverage amount), registrations (registration: legal representative, contact phone and
// address of an approved party), providers and enterprises (registry: bank account, controller key),
// claims and claim_items (claims) and documents and document_links (documents: a claim's invoice
// files by hash). It writes only risk_signals and risk_scans.

/**
 * The redemptions one scan looks at: confirmed, on a program issued by region $1, confirmed in the
 * period [$3, $4). $2 is the period, $5 the scan's time, $6 the scan id.
 */
const SCOPE = `scope AS (
    SELECT r.id, r.provider_id, r.enterprise_id, r.program_id, r.order_amount, r.subsidy, r.created_at, r.confirmed_at,
           jsonb_build_object('id', r.id, 'programId', r.program_id, 'providerId', r.provider_id, 'enterpriseId', r.enterprise_id,
                              'orderAmount', r.order_amount, 'subsidy', r.subsidy, 'heldAt', r.created_at, 'confirmedAt', r.confirmed_at,
                              'secondsToConfirm', floor(extract(epoch FROM r.confirmed_at - r.created_at))::int) AS item
      FROM redemptions r JOIN programs g ON g.id = r.program_id
     WHERE g.issuer_region_code = $1 AND r.status = 'confirmed' AND r.confirmed_at >= $3 AND r.confirmed_at < $4
  )`;

/** Writes the statement's `signals` (kind, severity, fingerprint, subject, evidence) once each; answers found and new. */
const WRITE = `, written AS (
    INSERT INTO risk_signals (kind, severity, region_code, period, fingerprint, subject, evidence, detected_at, updated_at, scan_id)
    SELECT kind, severity, $1, $2, fingerprint, subject, evidence, $5, $5, $6 FROM signals
    ON CONFLICT (kind, region_code, period, fingerprint) DO UPDATE
       SET severity = EXCLUDED.severity, subject = EXCLUDED.subject, evidence = EXCLUDED.evidence,
           updated_at = EXCLUDED.updated_at, scan_id = EXCLUDED.scan_id
     WHERE risk_signals.status = 'open'
    RETURNING (xmax = 0) AS inserted
  )
  SELECT (SELECT count(*) FROM signals)::int AS found, (SELECT count(*) FROM written WHERE inserted)::int AS inserted`;

/**
 * One statement per kind (docs/domain.md "Risk signals" gives each rule). Thresholds live here, in
 * the SQL, and in the docs; change them together.
 */
export const RISK_SQL: Record<RiskKind, string> = {
  // A provider and an enterprise it served in scope, or two enterprises (or two providers) of
  // different controllers, both active in scope, sharing a normalised trait.
  HIDDEN_RELATION: `WITH ${SCOPE},
  parties AS (
    SELECT DISTINCT 'enterprise' AS type, enterprise_id AS id FROM scope
    UNION SELECT DISTINCT 'provider', provider_id FROM scope
  ), registered AS (
    SELECT p.type, p.id, g.legal_representative, g.contact_phone, g.address
      FROM parties p JOIN registrations g ON g.status = 'approved' AND g.kind = 'enterprise' AND g.enterprise_id = p.id
     WHERE p.type = 'enterprise'
    UNION ALL
    SELECT p.type, p.id, g.legal_representative, g.contact_phone, g.address
      FROM parties p JOIN registrations g ON g.status = 'approved' AND g.kind = 'provider' AND g.provider_id = p.id
     WHERE p.type = 'provider'
  ), traits AS (
    SELECT r.type, r.id, t.trait, t.raw, t.value
      FROM registered r
      CROSS JOIN LATERAL (VALUES ('legalRepresentative', r.legal_representative, risk_normalise(r.legal_representative)),
                                 ('contactPhone', r.contact_phone, risk_normalise_phone(r.contact_phone)),
                                 ('address', r.address, risk_normalise(r.address))) AS t (trait, raw, value)
    UNION ALL
    SELECT 'provider', p.id, 'bankAccount', v.account_no, risk_normalise(v.account_no)
      FROM parties p JOIN providers v ON v.id = p.id WHERE p.type = 'provider'
  ), controllers AS (
    SELECT 'enterprise' AS type, id, controller_key FROM enterprises WHERE id IN (SELECT id FROM parties WHERE type = 'enterprise')
    UNION ALL
    SELECT 'provider', id, controller_key FROM providers WHERE id IN (SELECT id FROM parties WHERE type = 'provider')
  ), matched AS (
    SELECT a.type AS a_type, a.id AS a_id, b.type AS b_type, b.id AS b_id,
           jsonb_agg(jsonb_build_object('trait', a.trait, 'value', a.value, 'a', a.raw, 'b', b.raw) ORDER BY a.trait) AS shared,
           bool_or(a.trait <> 'legalRepresentative') AS strong
      FROM traits a
      JOIN traits b ON b.trait = a.trait AND b.value = a.value
      JOIN controllers ca ON ca.type = a.type AND ca.id = a.id
      JOIN controllers cb ON cb.type = b.type AND cb.id = b.id
     WHERE a.value IS NOT NULL
       AND ((a.type = 'provider' AND b.type = 'enterprise')
            OR (a.type = b.type AND a.id < b.id AND ca.controller_key IS DISTINCT FROM cb.controller_key))
     GROUP BY a.type, a.id, b.type, b.id
  ), between_them AS (
    SELECT m.a_id, m.b_id, jsonb_agg(s.id ORDER BY s.created_at) AS ids, jsonb_agg(s.item ORDER BY s.created_at) AS items,
           sum(s.subsidy) AS subsidy
      FROM matched m JOIN scope s ON s.provider_id = m.a_id AND s.enterprise_id = m.b_id
     WHERE m.a_type = 'provider' AND m.b_type = 'enterprise'
     GROUP BY m.a_id, m.b_id
  ), signals AS (
    SELECT 'HIDDEN_RELATION' AS kind,
           CASE WHEN m.a_type = 'provider' AND m.b_type = 'enterprise' THEN CASE WHEN m.strong THEN 'high' ELSE 'medium' END
                WHEN m.strong THEN 'medium' ELSE 'low' END AS severity,
           m.a_type || ':' || m.a_id || '|' || m.b_type || ':' || m.b_id AS fingerprint,
           CASE WHEN m.a_type = 'provider' AND m.b_type = 'enterprise' THEN jsonb_build_object('providerId', m.a_id, 'enterpriseId', m.b_id)
                WHEN m.a_type = 'enterprise' THEN jsonb_build_object('enterpriseIds', jsonb_build_array(m.a_id, m.b_id))
                ELSE jsonb_build_object('providerIds', jsonb_build_array(m.a_id, m.b_id)) END AS subject,
           jsonb_build_object('shared', m.shared, 'redemptionIds', coalesce(b.ids, '[]'), 'redemptions', coalesce(b.items, '[]'),
                              'subsidy', coalesce(b.subsidy, 0)) AS evidence
      FROM matched m LEFT JOIN between_them b ON b.a_id = m.a_id AND b.b_id = m.b_id
     WHERE m.a_type <> 'provider' OR m.b_type <> 'enterprise' OR b.ids IS NOT NULL
  )${WRITE}`,

  // One enterprise at one provider: 3 or more redemptions held within 7 days, each bill at or just
  // below (>= 90% of) the program's full-coverage amount.
  SPLIT_ORDERS: `WITH ${SCOPE},
  near AS (
    SELECT s.*, g.full_coverage_up_to AS cap
      FROM scope s JOIN programs g ON g.id = s.program_id
     WHERE g.full_coverage_up_to IS NOT NULL AND s.order_amount <= g.full_coverage_up_to AND s.order_amount * 10 >= g.full_coverage_up_to * 9
  ), windows AS (
    SELECT n.*, count(*) OVER (PARTITION BY n.enterprise_id, n.provider_id ORDER BY n.created_at
                               RANGE BETWEEN CURRENT ROW AND INTERVAL '7 days' FOLLOWING) AS in_window
      FROM near n
  ), signals AS (
    SELECT 'SPLIT_ORDERS' AS kind, 'high' AS severity, enterprise_id || '|' || provider_id AS fingerprint,
           jsonb_build_object('enterpriseId', enterprise_id, 'providerId', provider_id, 'programIds', jsonb_agg(DISTINCT program_id)) AS subject,
           jsonb_build_object('redemptionIds', jsonb_agg(id ORDER BY created_at), 'redemptions', jsonb_agg(item ORDER BY created_at),
                              'fullCoverageUpTo', max(cap), 'mostWithin7Days', max(in_window), 'subsidy', sum(subsidy)) AS evidence
      FROM windows GROUP BY enterprise_id, provider_id HAVING max(in_window) >= 3
  )${WRITE}`,

  // One enterprise and one provider: 3 or more redemptions confirmed within 60 s of their hold (6 or more: high).
  INSTANT_CONFIRMATION: `WITH ${SCOPE},
  signals AS (
    SELECT 'INSTANT_CONFIRMATION' AS kind, CASE WHEN count(*) >= 6 THEN 'high' ELSE 'medium' END AS severity,
           enterprise_id || '|' || provider_id AS fingerprint,
           jsonb_build_object('enterpriseId', enterprise_id, 'providerId', provider_id) AS subject,
           jsonb_build_object('redemptionIds', jsonb_agg(id ORDER BY created_at), 'redemptions', jsonb_agg(item ORDER BY created_at),
                              'withinSeconds', 60, 'subsidy', sum(subsidy)) AS evidence
      FROM scope WHERE confirmed_at - created_at <= INTERVAL '60 seconds'
     GROUP BY enterprise_id, provider_id HAVING count(*) >= 3
  )${WRITE}`,

  // A provider's bills repeating one amount at least 5 times and in at least half of its redemptions in scope.
  SAME_AMOUNTS: `WITH ${SCOPE},
  per_provider AS (SELECT provider_id, count(*) AS n FROM scope GROUP BY provider_id),
  signals AS (
    SELECT 'SAME_AMOUNTS' AS kind, 'medium' AS severity, s.provider_id || '|' || s.order_amount AS fingerprint,
           jsonb_build_object('providerId', s.provider_id) AS subject,
           jsonb_build_object('orderAmount', s.order_amount, 'repeats', count(*), 'providerRedemptions', max(p.n),
                              'redemptionIds', jsonb_agg(s.id ORDER BY s.created_at), 'redemptions', jsonb_agg(s.item ORDER BY s.created_at),
                              'subsidy', sum(s.subsidy)) AS evidence
      FROM scope s JOIN per_provider p USING (provider_id)
     GROUP BY s.provider_id, s.order_amount HAVING count(*) >= 5 AND count(*) * 2 >= max(p.n)
  )${WRITE}`,

  // One provider with more than half of a program's confirmed subsidies in scope, and more than half of
  // its redemptions (the program has at least 10 confirmed redemptions: one large bill in a small
  // program is not a concentration), or an enterprise with 4 or more redemptions, all at one provider.
  CONCENTRATION: `WITH ${SCOPE},
  programs_in AS (SELECT program_id, sum(subsidy) AS total, count(*) AS n FROM scope GROUP BY program_id),
  shares AS (
    SELECT program_id, provider_id, sum(subsidy) AS amount, count(*) AS k,
           jsonb_agg(id ORDER BY created_at) AS ids
      FROM scope GROUP BY program_id, provider_id
  ), enterprises_in AS (
    SELECT enterprise_id, min(provider_id::text)::uuid AS provider_id, count(*) AS n, sum(subsidy) AS amount,
           jsonb_agg(id ORDER BY created_at) AS ids, jsonb_agg(item ORDER BY created_at) AS items
      FROM scope GROUP BY enterprise_id HAVING count(DISTINCT provider_id) = 1 AND count(*) >= 4
  ), signals AS (
    SELECT 'CONCENTRATION' AS kind, 'medium' AS severity, 'program:' || s.program_id || '|' || s.provider_id AS fingerprint,
           jsonb_build_object('programId', s.program_id, 'providerId', s.provider_id) AS subject,
           jsonb_build_object('rule', 'programShare', 'subsidy', s.amount, 'programSubsidy', p.total, 'redemptionsAtProvider', s.k,
                              'programRedemptions', p.n, 'shareBp', (s.amount * 10000 / p.total)::int, 'redemptionIds', s.ids) AS evidence
      FROM shares s JOIN programs_in p USING (program_id)
     WHERE p.n >= 10 AND s.amount * 2 > p.total AND s.k * 2 > p.n
    UNION ALL
    SELECT 'CONCENTRATION', 'low', 'enterprise:' || e.enterprise_id || '|' || e.provider_id,
           jsonb_build_object('enterpriseId', e.enterprise_id, 'providerId', e.provider_id),
           jsonb_build_object('rule', 'singleProvider', 'redemptions', e.items, 'redemptionIds', e.ids, 'subsidy', e.amount, 'count', e.n)
      FROM enterprises_in e
  )${WRITE}`,

  // One file (by SHA-256) attached to two or more claims not rejected, one of them on a program of the
  // region submitted in the period. A rejected claim claimed again with the same papers is not a duplicate.
  DUPLICATE_EVIDENCE: `WITH files AS (
    SELECT d.sha256, d.id AS document_id, d.name, c.id AS claim_id, c.provider_id, c.program_id, c.amount, c.invoice_number,
           c.created_at, g.issuer_region_code
      FROM document_links l
      JOIN documents d ON d.id = l.document_id
      JOIN claims c ON c.id = l.subject_id
      JOIN programs g ON g.id = c.program_id
     WHERE l.subject_type = 'claim' AND c.status <> 'rejected'
  ), mine AS (
    SELECT DISTINCT sha256 FROM files WHERE issuer_region_code = $1 AND created_at >= $3 AND created_at < $4
  ), signals AS (
    SELECT 'DUPLICATE_EVIDENCE' AS kind, 'high' AS severity, f.sha256 AS fingerprint,
           jsonb_build_object('claimIds', jsonb_agg(DISTINCT f.claim_id), 'providerIds', jsonb_agg(DISTINCT f.provider_id)) AS subject,
           jsonb_build_object('sha256', f.sha256,
                              'claims', jsonb_agg(jsonb_build_object('claimId', f.claim_id, 'documentId', f.document_id, 'fileName', f.name,
                                                                     'providerId', f.provider_id, 'amount', f.amount,
                                                                     'invoiceNumber', f.invoice_number, 'submittedAt', f.created_at)
                                                  ORDER BY f.created_at),
                              'redemptionIds', (SELECT coalesce(jsonb_agg(DISTINCT i.redemption_id), '[]') FROM claim_items i
                                                 WHERE i.claim_id IN (SELECT claim_id FROM files x WHERE x.sha256 = f.sha256))) AS evidence
      FROM files f WHERE f.sha256 IN (SELECT sha256 FROM mine)
     GROUP BY f.sha256 HAVING count(DISTINCT f.claim_id) >= 2
  )${WRITE}`,
};

interface SignalRow {
  id: string;
  kind: RiskKind;
  severity: RiskSeverity;
  region_code: string;
  period: string;
  subject: Record<string, unknown>;
  evidence: Record<string, unknown>;
  status: RiskStatus;
  detected_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

interface ScanRow {
  id: string;
  region_code: string;
  period: string;
  state: RiskScan['state'];
  signals: number | null;
  new_signals: number | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

@Injectable()
export class RiskRepository {
  /** Runs one kind's statement for a region and period; answers the signals found and how many are new. */
  async detect(
    manager: EntityManager,
    kind: RiskKind,
    input: { regionCode: string; period: string; start: Date; end: Date; at: Date; scanId: string | null },
  ): Promise<{ found: number; inserted: number }> {
    const rows: Array<{ found: number; inserted: number }> = await manager.query(RISK_SQL[kind], [
      input.regionCode,
      input.period,
      input.start,
      input.end,
      input.at,
      input.scanId,
    ]);
    return rows[0];
  }

  /** Serialises the scans of one region and period until the caller's transaction ends. */
  async lockRegionPeriod(manager: EntityManager, regionCode: string, period: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('risk:' || $1 || ':' || $2))`, [regionCode, period]);
  }

  /** The regions whose programs a nightly scan covers (issuers of at least one program). */
  async issuingRegions(manager: EntityManager): Promise<string[]> {
    const rows: Array<{ code: string }> = await manager.query(`SELECT DISTINCT issuer_region_code AS code FROM programs ORDER BY 1`);
    return rows.map((r) => r.code);
  }

  async insertScan(manager: EntityManager, scan: { id: string; regionCode: string; period: string; requestedBy: string | null; at: Date }) {
    await manager.query(
      `INSERT INTO risk_scans (id, region_code, period, state, requested_by, created_at) VALUES ($1, $2, $3, 'waiting', $4, $5)
       ON CONFLICT (id) DO NOTHING`,
      [scan.id, scan.regionCode, scan.period, scan.requestedBy, scan.at],
    );
  }

  async findScan(manager: EntityManager, id: string): Promise<RiskScan | undefined> {
    const rows: ScanRow[] = await manager.query(`SELECT * FROM risk_scans WHERE id = $1`, [id]);
    return rows[0] && toScan(rows[0]);
  }

  /** Moves a scan on; a completed scan is final. */
  async setScanState(
    manager: EntityManager,
    id: string,
    state: 'active' | 'completed' | 'failed',
    at: Date,
    patch: { signals?: number; newSignals?: number; error?: string } = {},
  ): Promise<void> {
    await manager.query(
      `UPDATE risk_scans SET state = $2, signals = coalesce($3, signals), new_signals = coalesce($4, new_signals), error = $5,
              finished_at = CASE WHEN $2 = 'active' THEN NULL ELSE $6::timestamptz END
        WHERE id = $1 AND state <> 'completed'`,
      [id, state, patch.signals ?? null, patch.newSignals ?? null, patch.error ?? null, at],
    );
  }

  async listInScope(
    manager: EntityManager,
    scope: Scope,
    filter: SignalFilter & { limit: number; offset: number },
  ): Promise<{ items: RiskSignal[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (scope.kind === 'region') add('region_code = ?', scope.regionCode);
    else if (scope.kind !== 'all') where.push('false');
    if (filter.regionCode) add('region_code = ?', filter.regionCode);
    if (filter.period) add('period = ?', filter.period);
    if (filter.kind) add('kind = ?', filter.kind);
    if (filter.severity) add('severity = ?', filter.severity);
    if (filter.status) add('status = ?', filter.status);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows: Array<SignalRow & { total: number }> = await manager.query(
      `SELECT *, count(*) OVER ()::int AS total FROM risk_signals ${clause}
        ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, detected_at DESC, id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    if (rows.length === 0 && filter.offset > 0) {
      const counted: Array<{ total: number }> = await manager.query(`SELECT count(*)::int AS total FROM risk_signals ${clause}`, params);
      return { items: [], total: counted[0].total };
    }
    return { items: rows.map(toSignal), total: rows[0]?.total ?? 0 };
  }

  async findSignal(manager: EntityManager, id: string, lock = false): Promise<RiskSignal | undefined> {
    const rows: SignalRow[] = await manager.query(`SELECT * FROM risk_signals WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] && toSignal(rows[0]);
  }

  async decide(
    manager: EntityManager,
    input: { id: string; status: 'dismissed' | 'confirmed'; by: string; at: Date; reason: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE risk_signals SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1 AND status = 'open'`,
      [input.id, input.status, input.by, input.at, input.reason],
    );
  }
}

function toSignal(r: SignalRow): RiskSignal {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    regionCode: r.region_code,
    period: r.period,
    subject: r.subject,
    evidence: r.evidence,
    status: r.status,
    detectedAt: r.detected_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
  };
}

function toScan(r: ScanRow): RiskScan {
  return {
    jobId: r.id,
    regionCode: r.region_code,
    period: r.period.trim(),
    state: r.state,
    signals: r.signals,
    newSignals: r.new_signals,
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
