import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claims, their parts per fund, settlement runs, batches, lines and items, and the job outbox.
 * A claim part is in at most one batch that has not returned it: a partial unique index, not only code.
 */
export class Settlement1764300000000 implements MigrationInterface {
  name = 'Settlement1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claims (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id    uuid NOT NULL REFERENCES providers(id),
        program_id     uuid NOT NULL REFERENCES programs(id),
        amount         bigint NOT NULL CHECK (amount > 0),
        invoice_number varchar(64) NOT NULL,
        invoice_date   date NOT NULL,
        status         text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
        reject_reason  text,
        created_at     timestamptz NOT NULL,
        decided_at     timestamptz,
        decided_by     uuid,
        CONSTRAINT claims_invoice_key UNIQUE (provider_id, invoice_number)
      );
      CREATE INDEX claims_program_idx ON claims (program_id, status);

      CREATE TABLE claim_items (
        claim_id      uuid NOT NULL REFERENCES claims(id),
        redemption_id uuid NOT NULL REFERENCES redemptions(id),
        PRIMARY KEY (claim_id, redemption_id)
      );
      CREATE INDEX claim_items_redemption_idx ON claim_items (redemption_id);

      -- The claim a confirmed redemption is in, while that claim is submitted or approved.
      ALTER TABLE redemptions ADD COLUMN claim_id uuid REFERENCES claims(id);
      CREATE INDEX redemptions_claim_idx ON redemptions (claim_id) WHERE claim_id IS NOT NULL;

      -- What an approved claim owes per fund: the unit that settlement batches.
      CREATE TABLE claim_parts (
        id                bigserial PRIMARY KEY,
        claim_id          uuid NOT NULL REFERENCES claims(id),
        fund_id           uuid NOT NULL REFERENCES funds(id),
        fund_region_code  varchar(6) NOT NULL,
        provider_id       uuid NOT NULL REFERENCES providers(id),
        amount            bigint NOT NULL CHECK (amount > 0),
        approved_at       timestamptz NOT NULL,
        CONSTRAINT claim_parts_claim_fund_key UNIQUE (claim_id, fund_id)
      );
      CREATE INDEX claim_parts_region_idx ON claim_parts (fund_region_code, approved_at);

      CREATE TABLE settlement_runs (
        id           uuid PRIMARY KEY,
        region_code  varchar(6) NOT NULL REFERENCES regions(code),
        period       char(7) NOT NULL,
        state        text NOT NULL CHECK (state IN ('waiting', 'active', 'completed', 'failed')),
        batch_ids    uuid[] NOT NULL DEFAULT '{}',
        error        text,
        requested_by uuid,
        created_at   timestamptz NOT NULL,
        finished_at  timestamptz
      );

      CREATE TABLE settlement_batches (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_code       varchar(6) NOT NULL REFERENCES regions(code),
        period            char(7) NOT NULL,
        sequence          int NOT NULL,
        status            text NOT NULL CHECK (status IN ('draft', 'approved', 'paid')),
        run_id            uuid REFERENCES settlement_runs(id),
        payment_reference varchar(200),
        created_at        timestamptz NOT NULL,
        approved_at       timestamptz,
        paid_at           timestamptz,
        CONSTRAINT settlement_batches_sequence_key UNIQUE (region_code, period, sequence)
      );

      CREATE TABLE settlement_lines (
        batch_id     uuid NOT NULL REFERENCES settlement_batches(id),
        provider_id  uuid NOT NULL REFERENCES providers(id),
        provider_name varchar(200) NOT NULL,
        uscc         char(18) NOT NULL,
        bank_name    varchar(200) NOT NULL,
        account_name varchar(200) NOT NULL,
        account_no   varchar(64) NOT NULL,
        amount       bigint NOT NULL CHECK (amount > 0),
        claim_count  int NOT NULL,
        status       text NOT NULL CHECK (status IN ('pending', 'returned', 'paid')),
        return_reason text,
        PRIMARY KEY (batch_id, provider_id)
      );

      CREATE TABLE settlement_items (
        batch_id      uuid NOT NULL REFERENCES settlement_batches(id),
        claim_part_id bigint NOT NULL REFERENCES claim_parts(id),
        provider_id   uuid NOT NULL,
        fund_id       uuid NOT NULL,
        amount        bigint NOT NULL,
        returned      boolean NOT NULL DEFAULT false,
        PRIMARY KEY (batch_id, claim_part_id)
      );
      -- A part is never in two batches, unless the bank returned it from the earlier one.
      CREATE UNIQUE INDEX settlement_items_part_once ON settlement_items (claim_part_id) WHERE NOT returned;

      CREATE TABLE outbox (
        id            bigserial PRIMARY KEY,
        job_name      text NOT NULL,
        job_id        text NOT NULL,
        data          jsonb NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        attempts      int NOT NULL DEFAULT 0,
        last_error    text,
        CONSTRAINT outbox_job_key UNIQUE (job_id)
      );
      CREATE INDEX outbox_pending_idx ON outbox (id) WHERE dispatched_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE outbox, settlement_items, settlement_lines, settlement_batches, settlement_runs, claim_parts, claim_items;
      ALTER TABLE redemptions DROP COLUMN claim_id;
      DROP TABLE claims;
    `);
  }
}
