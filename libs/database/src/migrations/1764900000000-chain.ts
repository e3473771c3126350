import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tamper evidence (libs/chain, docs/domain.md "Tamper evidence"): every ledger transaction and
 * audit-log entry is sealed into one hash chain by a job, after commit, in commit-safe order
 * (created_xid below the sealer's snapshot xmin). The redemption path gets no new lock: it only
 * fills `audit_log.created_xid` by default, as ledger_transactions already did.
 * - chain_seals: one row per sealed row, gap-free `sequence`, append-only;
 * - ledger_anchors: the last seal of each Shanghai day, append-only;
 * - chain_state: one row, the watermark (every row with created_xid below it is sealed), moved only by the sealer.
 */
export class Chain1764900000000 implements MigrationInterface {
  name = 'Chain1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log ADD COLUMN created_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
      CREATE INDEX audit_log_created_xid_idx ON audit_log (created_xid, id);
      CREATE INDEX ledger_transactions_created_xid_idx ON ledger_transactions (created_xid, id);

      CREATE TABLE chain_seals (
        sequence   bigint PRIMARY KEY CHECK (sequence > 0),
        source     text NOT NULL CHECK (source IN ('audit', 'ledger')),
        row_id     bigint NOT NULL,
        row_xid    xid8 NOT NULL,
        hash       bytea NOT NULL CHECK (length(hash) = 32),
        sealed_at  timestamptz NOT NULL,
        CONSTRAINT chain_seals_row_key UNIQUE (source, row_id)
      );
      CREATE INDEX chain_seals_sealed_at_idx ON chain_seals (sealed_at);

      CREATE TABLE ledger_anchors (
        date        date PRIMARY KEY,
        sequence    bigint NOT NULL REFERENCES chain_seals (sequence),
        hash        bytea NOT NULL CHECK (length(hash) = 32),
        created_at  timestamptz NOT NULL
      );

      CREATE TABLE chain_state (
        id         boolean PRIMARY KEY DEFAULT true CHECK (id),
        watermark  xid8 NOT NULL,
        sealed_at  timestamptz
      );
      INSERT INTO chain_state (watermark) VALUES ('0'::xid8);

      -- ledger_refuse_change (migration 1764200000000) names the operation and the table it refuses.
      CREATE TRIGGER chain_seals_append_only BEFORE UPDATE OR DELETE ON chain_seals
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER chain_seals_no_truncate BEFORE TRUNCATE ON chain_seals
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_anchors_append_only BEFORE UPDATE OR DELETE ON ledger_anchors
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_anchors_no_truncate BEFORE TRUNCATE ON ledger_anchors
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER chain_state_no_delete BEFORE DELETE ON chain_state
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER chain_state_no_truncate BEFORE TRUNCATE ON chain_state
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
      -- audit_log is append-only from now on, too: a sealed entry that changes breaks the chain anyway.
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_log_append_only ON audit_log;
      DROP TRIGGER audit_log_no_truncate ON audit_log;
      DROP TABLE ledger_anchors, chain_seals, chain_state;
      DROP INDEX ledger_transactions_created_xid_idx;
      ALTER TABLE audit_log DROP COLUMN created_xid;
    `);
  }
}
