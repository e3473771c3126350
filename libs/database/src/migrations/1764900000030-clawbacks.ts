import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clawback (追回, docs/domain.md "Clawback"): the ledger gains the class `recoverable` (money a
 * provider must repay, per fund, owned by the provider) and the kinds `clawback` (paid →
 * recoverable) and `recover` (recoverable → available). libs/clawbacks owns `clawbacks` (one per
 * redemption) and `clawback_parts` (one per funding fund, recovered by that fund's finance bureau).
 */
export class Clawbacks1764900000030 implements MigrationInterface {
  name = 'Clawbacks1764900000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_class_check;
      ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_class_check
        CHECK (class IN ('appropriation','available','vouchers','held','payable','in_settlement','paid','recoverable'));
      ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check;
      ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
        CHECK (kind IN ('allocate','issue','hold','release','confirm','expire','revoke','batch','return','pay','clawback','recover'));

      CREATE TABLE clawbacks (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        redemption_id uuid NOT NULL REFERENCES redemptions(id),
        provider_id   uuid NOT NULL REFERENCES providers(id),
        amount        bigint NOT NULL CHECK (amount > 0),
        reason        text NOT NULL,
        status        text NOT NULL CHECK (status IN ('recoverable', 'recovered')),
        tx_id         bigint NOT NULL REFERENCES ledger_transactions(id),
        created_by    uuid NOT NULL REFERENCES users(id),
        created_at    timestamptz NOT NULL,
        recovered_at  timestamptz,
        CONSTRAINT clawbacks_redemption_key UNIQUE (redemption_id)
      );
      CREATE INDEX clawbacks_provider_idx ON clawbacks (provider_id, status);

      CREATE TABLE clawback_parts (
        clawback_id       uuid NOT NULL REFERENCES clawbacks(id),
        fund_id           uuid NOT NULL REFERENCES funds(id),
        fund_region_code  varchar(6) NOT NULL REFERENCES regions(code),
        amount            bigint NOT NULL CHECK (amount > 0),
        status            text NOT NULL CHECK (status IN ('recoverable', 'recovered')),
        payment_reference varchar(200),
        recovered_by      uuid REFERENCES users(id),
        recovered_at      timestamptz,
        recover_tx_id     bigint REFERENCES ledger_transactions(id),
        PRIMARY KEY (clawback_id, fund_id),
        CONSTRAINT clawback_parts_recovered_check CHECK (
          (status = 'recoverable') = (payment_reference IS NULL AND recovered_at IS NULL AND recover_tx_id IS NULL))
      );
      CREATE INDEX clawback_parts_region_idx ON clawback_parts (fund_region_code, status);

      -- A clawback carries its evidence (the audit finding).
      ALTER TABLE document_links DROP CONSTRAINT document_links_subject_type_check;
      ALTER TABLE document_links ADD CONSTRAINT document_links_subject_type_check
        CHECK (subject_type IN ('registration', 'application', 'claim', 'settlement_batch', 'order', 'clawback'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM document_links WHERE subject_type = 'clawback';
      ALTER TABLE document_links DROP CONSTRAINT document_links_subject_type_check;
      ALTER TABLE document_links ADD CONSTRAINT document_links_subject_type_check
        CHECK (subject_type IN ('registration', 'application', 'claim', 'settlement_batch', 'order'));
      DROP TABLE clawback_parts, clawbacks;
      ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check;
      ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
        CHECK (kind IN ('allocate','issue','hold','release','confirm','expire','revoke','batch','return','pay'));
      ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_class_check;
      ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_class_check
        CHECK (class IN ('appropriation','available','vouchers','held','payable','in_settlement','paid'));
    `);
  }
}
