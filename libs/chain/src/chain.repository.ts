import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChainSource } from './chain-hash.js';
import { type AnchorRow, SEALER_LOCK } from './chain.types.js';

// Cross-lib read: the chain reads, besides its own tables (chain_seals, ledger_anchors, chain_state),
// ledger_transactions and ledger_entries (ledger) and audit_log (audit), read-only: it seals and
// re-checks their rows. It never writes them and never locks them.

/** A timestamp as fixed text (UTC, microseconds), whatever the session's time zone. */
const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The canonical fields of each sealed row, in order, every one text or null (docs/domain.md
 * "Tamper evidence"): plain columns, read for a whole batch at once and put in order here (building
 * them as JSON in SQL, row by row, was the sealer's largest cost under load). A ledger transaction
 * carries its entries sorted by id, so a changed, added or removed entry changes its transaction's hash.
 * Each field here: the column it is read as, and its SQL.
 */
const AUDIT_FIELDS = [
  ['id', 'a.id::text'],
  ['at', utc('a.at')],
  ['actor_id', 'a.actor_id::text'],
  ['actor_role', 'a.actor_role'],
  ['entity_type', 'a.entity_type'],
  ['entity_id', 'a.entity_id'],
  ['action', 'a.action'],
  ['from_state', 'a.from_state'],
  ['to_state', 'a.to_state'],
  ['reason', 'a.reason'],
  ['region_code', 'a.region_code::text'],
  ['provider_id', 'a.provider_id::text'],
  ['enterprise_id', 'a.enterprise_id::text'],
  ['data', 'a.data::text'],
  ['created_xid', 'a.created_xid::text'],
] as const;
/** A ledger transaction's fields; its entries follow them (`fieldsOf`). */
const LEDGER_FIELDS = [
  ['id', 't.id::text'],
  ['kind', 't.kind'],
  ['at', utc('t.at')],
  ['voucher_id', 't.voucher_id::text'],
  ['redemption_id', 't.redemption_id::text'],
  ['reference', 't.reference'],
  ['created_xid', 't.created_xid::text'],
] as const;
type Row = Record<string, string | null> & { id: string };
const select = (fields: ReadonlyArray<readonly [string, string]>) => fields.map(([name, sql]) => `${sql} AS ${name}`).join(', ');
const inOrder = (fields: ReadonlyArray<readonly [string, string]>, row: Row): unknown[] => fields.map(([name]) => row[name]);
type EntryColumns = Record<'tx_id' | 'id' | 'fund_id' | 'class' | 'owner' | 'amount', string>;

/** A sealed row's key in the maps below: source and id. */
const keyOf = (source: ChainSource, id: string) => `${source}:${id}`;

/** The largest bigint: as the id bound of a source ordered before the last sealed one, it admits only later xids. */
const MAX_ID = '9223372036854775807';

export interface LastSeal {
  sequence: number;
  source: ChainSource;
  rowId: string;
  rowXid: string;
  hash: Buffer;
}

export interface PendingRow {
  source: ChainSource;
  id: string;
  xid: string;
  fields: unknown[];
}

export interface NewSeal {
  sequence: number;
  source: ChainSource;
  rowId: string;
  rowXid: string;
  hash: Buffer;
}

export interface StoredSeal {
  sequence: number;
  source: ChainSource;
  rowId: string;
  hash: Buffer;
  /** The row's canonical fields; null when the row is gone. */
  fields: unknown[] | null;
}

/** The chain's tables: seals, anchors and the sealer's watermark. */
@Injectable()
export class ChainRepository {
  /** True when this transaction is the one sealer (transaction-level advisory lock, never waits). */
  async trySealerLock(manager: EntityManager): Promise<boolean> {
    const [row]: Array<{ locked: boolean }> = await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SEALER_LOCK]);
    return row.locked;
  }

  /** The xmin of this statement's snapshot: every transaction with a lower xid has ended. */
  async snapshotXmin(manager: EntityManager): Promise<string> {
    const [row]: Array<{ xmin: string }> = await manager.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`);
    return row.xmin;
  }

  async lastSeal(manager: EntityManager): Promise<LastSeal | null> {
    const rows: Array<{ sequence: string; source: ChainSource; row_id: string; row_xid: string; hash: Buffer }> = await manager.query(
      `SELECT sequence, source, row_id, row_xid::text AS row_xid, hash FROM chain_seals ORDER BY sequence DESC LIMIT 1`,
    );
    if (rows.length === 0) return null;
    const row = rows[0];
    return { sequence: Number(row.sequence), source: row.source, rowId: row.row_id, rowXid: row.row_xid, hash: row.hash };
  }

  /**
   * The next `limit` unsealed rows in commit-safe order (created_xid, source, id) after `after`,
   * with created_xid below `xmin`, and their canonical fields.
   */
  async pending(manager: EntityManager, xmin: string, after: LastSeal | null, limit: number): Promise<PendingRow[]> {
    const xid = after?.rowXid ?? '0';
    const bound = (source: ChainSource) => (!after || source > after.source ? '0' : source === after.source ? after.rowId : MAX_ID);
    const rows: Array<{ source: ChainSource; id: string; xid: string }> = await manager.query(
      `SELECT source, id::text AS id, created_xid::text AS xid FROM (
         (SELECT 'audit'::text AS source, id, created_xid FROM audit_log
           WHERE created_xid < $1::xid8 AND (created_xid, id) > ($2::xid8, $3::bigint) ORDER BY created_xid, id LIMIT $5)
         UNION ALL
         (SELECT 'ledger'::text AS source, id, created_xid FROM ledger_transactions
           WHERE created_xid < $1::xid8 AND (created_xid, id) > ($2::xid8, $4::bigint) ORDER BY created_xid, id LIMIT $5)
       ) u ORDER BY created_xid, source, id LIMIT $5`,
      [xmin, xid, bound('audit'), bound('ledger'), limit],
    );
    const fields = await this.fieldsOf(manager, rows);
    return rows.map((row) => ({ ...row, fields: fields.get(keyOf(row.source, row.id)) ?? [] }));
  }

  /**
   * The canonical fields of these rows, by `keyOf(source, id)`; a row that is gone has no entry.
   * Three statements whatever the number of rows: the audit entries, the ledger transactions, their entries.
   */
  private async fieldsOf(manager: EntityManager, refs: Array<{ source: ChainSource; id: string }>): Promise<Map<string, unknown[]>> {
    const ids = (source: ChainSource) => refs.filter((r) => r.source === source).map((r) => r.id);
    const auditIds = ids('audit');
    const ledgerIds = ids('ledger');
    // One after another: the statements share the transaction's connection.
    const audits: Row[] =
      auditIds.length === 0
        ? []
        : await manager.query(`SELECT ${select(AUDIT_FIELDS)} FROM audit_log a WHERE a.id = ANY($1::bigint[])`, [auditIds]);
    const ledgers: Row[] =
      ledgerIds.length === 0
        ? []
        : await manager.query(`SELECT ${select(LEDGER_FIELDS)} FROM ledger_transactions t WHERE t.id = ANY($1::bigint[])`, [ledgerIds]);
    const entries: EntryColumns[] =
      ledgerIds.length === 0
        ? []
        : await manager.query(
            `SELECT e.tx_id::text AS tx_id, e.id::text AS id, e.fund_id::text AS fund_id, e.class, e.owner::text AS owner,
                    e.amount::text AS amount
               FROM ledger_entries e WHERE e.tx_id = ANY($1::bigint[]) ORDER BY e.tx_id, e.id`,
            [ledgerIds],
          );
    const entriesOf = new Map<string, unknown[][]>();
    for (const e of entries) {
      const list = entriesOf.get(e.tx_id) ?? [];
      list.push([e.id, e.fund_id, e.class, e.owner, e.amount]);
      entriesOf.set(e.tx_id, list);
    }
    const fields = new Map<string, unknown[]>();
    for (const a of audits) fields.set(keyOf('audit', a.id), inOrder(AUDIT_FIELDS, a));
    for (const t of ledgers) {
      fields.set(keyOf('ledger', t.id), [...inOrder(LEDGER_FIELDS, t), entriesOf.get(t.id) ?? []]);
    }
    return fields;
  }

  async insertSeals(manager: EntityManager, seals: NewSeal[], sealedAt: Date): Promise<void> {
    await manager.query(
      `INSERT INTO chain_seals (sequence, source, row_id, row_xid, hash, sealed_at)
       SELECT s.sequence, s.source, s.row_id, s.row_xid, decode(s.hash, 'hex'), $6
         FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::xid8[], $5::text[]) AS s(sequence, source, row_id, row_xid, hash)`,
      [
        seals.map((s) => s.sequence),
        seals.map((s) => s.source),
        seals.map((s) => s.rowId),
        seals.map((s) => s.rowXid),
        seals.map((s) => s.hash.toString('hex')),
        sealedAt,
      ],
    );
  }

  /** Moves the watermark up (never down): every row with created_xid below it is sealed. */
  async raiseWatermark(manager: EntityManager, xmin: string, at: Date): Promise<void> {
    await manager.query(`UPDATE chain_state SET watermark = greatest(watermark, $1::xid8), sealed_at = $2`, [xmin, at]);
  }

  async watermark(manager: EntityManager): Promise<string> {
    const [row]: Array<{ watermark: string }> = await manager.query(`SELECT watermark::text AS watermark FROM chain_state`);
    return row.watermark;
  }

  /**
   * Anchors every Shanghai day before `today` that has seals and no anchor yet: the day's last seal
   * (by sealed_at). Only seals after the last anchor are read; a second run writes nothing.
   */
  async writeAnchors(manager: EntityManager, todayStart: Date, at: Date): Promise<number> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ledger_anchors (date, sequence, hash, created_at)
       SELECT DISTINCT ON (day) day, sequence, hash, $2
         FROM (SELECT (sealed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, sequence, hash FROM chain_seals
                WHERE sequence > coalesce((SELECT max(sequence) FROM ledger_anchors), 0) AND sealed_at < $1) s
        WHERE NOT EXISTS (SELECT 1 FROM ledger_anchors a WHERE a.date >= s.day)
        ORDER BY day, sequence DESC
       ON CONFLICT (date) DO NOTHING
       RETURNING date`,
      [todayStart, at],
    );
    return rows.length;
  }

  async anchors(manager: EntityManager, from: string, to: string): Promise<AnchorRow[]> {
    const rows: Array<{ date: string; sequence: string; hash: string }> = await manager.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, sequence, encode(hash, 'hex') AS hash
         FROM ledger_anchors WHERE date BETWEEN $1::date AND $2::date ORDER BY date`,
      [from, to],
    );
    return rows.map((r) => ({ date: r.date, sequence: Number(r.sequence), hash: r.hash }));
  }

  /** The next `limit` seals after `afterSequence`, each with its row's canonical fields (null when the row is gone). */
  async sealsAfter(manager: EntityManager, afterSequence: number, limit: number): Promise<StoredSeal[]> {
    const rows: Array<{ sequence: string; source: ChainSource; row_id: string; hash: Buffer }> = await manager.query(
      `SELECT s.sequence, s.source, s.row_id::text AS row_id, s.hash FROM chain_seals s WHERE s.sequence > $1 ORDER BY s.sequence LIMIT $2`,
      [afterSequence, limit],
    );
    const fields = await this.fieldsOf(
      manager,
      rows.map((r) => ({ source: r.source, id: r.row_id })),
    );
    return rows.map((r) => ({
      sequence: Number(r.sequence),
      source: r.source,
      rowId: r.row_id,
      hash: r.hash,
      fields: fields.get(keyOf(r.source, r.row_id)) ?? null,
    }));
  }

  /** Rows below the watermark that have no seal: inserted behind the sealer's back. */
  async unsealedBelow(manager: EntityManager, watermark: string, limit: number): Promise<Array<{ source: ChainSource; id: string }>> {
    return manager.query(
      `(SELECT 'audit' AS source, a.id::text AS id FROM audit_log a
         WHERE a.created_xid < $1::xid8 AND NOT EXISTS (SELECT 1 FROM chain_seals s WHERE s.source = 'audit' AND s.row_id = a.id))
       UNION ALL
       (SELECT 'ledger', t.id::text FROM ledger_transactions t
         WHERE t.created_xid < $1::xid8 AND NOT EXISTS (SELECT 1 FROM chain_seals s WHERE s.source = 'ledger' AND s.row_id = t.id))
       LIMIT $2`,
      [watermark, limit],
    );
  }

  /** Anchors that no longer match the seal they name. */
  async brokenAnchors(manager: EntityManager, limit: number): Promise<Array<{ date: string; sequence: number }>> {
    const rows: Array<{ date: string; sequence: string }> = await manager.query(
      `SELECT to_char(a.date, 'YYYY-MM-DD') AS date, a.sequence FROM ledger_anchors a
         LEFT JOIN chain_seals s ON s.sequence = a.sequence
        WHERE s.hash IS DISTINCT FROM a.hash ORDER BY a.date LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ date: r.date, sequence: Number(r.sequence) }));
  }

  async lastSealedAt(manager: EntityManager): Promise<{ sequence: number; sealedAt: Date } | null> {
    const rows: Array<{ sequence: string; sealed_at: Date }> = await manager.query(
      `SELECT sequence, sealed_at FROM chain_seals ORDER BY sequence DESC LIMIT 1`,
    );
    return rows.length === 0 ? null : { sequence: Number(rows[0].sequence), sealedAt: rows[0].sealed_at };
  }

  async readOnlySnapshot(manager: EntityManager): Promise<void> {
    await manager.query('SET TRANSACTION READ ONLY');
  }
}
