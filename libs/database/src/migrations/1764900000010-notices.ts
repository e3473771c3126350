import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public notice (公示) and objections (异议), issue 15.
 * - `objections` (owned by libs/notices): one row per objection filed on a notice. The notices
 *   themselves are derived on read from their owners' rows (providers on notice, vouchers issued,
 *   batches approved); `notice_id` is the derived notice's stable id, `kind` + `item_ref` name the
 *   item objected to, and the subject columns (`provider_id`, `voucher_id`, `batch_id`) let the
 *   owners' repositories find an open objection on their row with an index. The objector's name,
 *   contact and address are kept for the reviewing office and the rate limits, never published.
 * - `providers.status` takes `refused`: a provider on notice whose objection was upheld.
 * - `regions.payment_notice_days`: the region's payment notice (兑付公示) in days; NULL means the
 *   default of PAYMENT_NOTICE_DAYS. `settlement_batches.notice_ends_at` is fixed when a batch is
 *   approved (approval + the region's days then; NULL when they were 0: no notice), so changing the
 *   setting later does not move a notice already running.
 */
export class Notices1764900000010 implements MigrationInterface {
  name = 'Notices1764900000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE providers DROP CONSTRAINT providers_status_check;
      ALTER TABLE providers ADD CONSTRAINT providers_status_check
        CHECK (status IN ('active', 'notice', 'suspended', 'blacklisted', 'refused'));

      ALTER TABLE regions ADD COLUMN payment_notice_days integer CHECK (payment_notice_days BETWEEN 0 AND 365);
      ALTER TABLE settlement_batches ADD COLUMN notice_ends_at timestamptz;
      CREATE INDEX settlement_batches_notice_idx ON settlement_batches (approved_at DESC) WHERE notice_ends_at IS NOT NULL;

      CREATE TABLE objections (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notice_id        varchar(120) NOT NULL,
        kind             text NOT NULL CHECK (kind IN ('provider', 'voucher', 'payment')),
        item_ref         uuid NOT NULL,
        region_code      varchar(6) NOT NULL REFERENCES regions (code),
        provider_id      uuid REFERENCES providers (id),
        voucher_id       uuid REFERENCES vouchers (id),
        batch_id         uuid REFERENCES settlement_batches (id),
        objector_name    varchar(200) NOT NULL,
        objector_contact varchar(200) NOT NULL,
        objector_address varchar(64) NOT NULL,
        text             varchar(2000) NOT NULL,
        status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
        outcome_reason   varchar(2000),
        decided_by       uuid REFERENCES users (id),
        decided_at       timestamptz,
        created_at       timestamptz NOT NULL,
        CONSTRAINT objections_subject_check CHECK (
          (kind = 'provider' AND provider_id = item_ref AND voucher_id IS NULL AND batch_id IS NULL)
          OR (kind = 'voucher' AND voucher_id = item_ref AND provider_id IS NULL AND batch_id IS NULL)
          OR (kind = 'payment' AND provider_id = item_ref AND batch_id IS NOT NULL AND voucher_id IS NULL)),
        CONSTRAINT objections_decided_check CHECK ((status = 'open') = (decided_at IS NULL))
      );
      CREATE INDEX objections_notice_idx ON objections (notice_id, created_at);
      CREATE INDEX objections_open_provider_idx ON objections (provider_id) WHERE status = 'open' AND kind = 'provider';
      CREATE INDEX objections_open_batch_idx ON objections (batch_id) WHERE status = 'open';
      CREATE INDEX objections_created_idx ON objections (created_at DESC, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE objections;
      ALTER TABLE settlement_batches DROP COLUMN notice_ends_at;
      ALTER TABLE regions DROP COLUMN payment_notice_days;
      UPDATE providers SET status = 'suspended' WHERE status = 'refused';
      ALTER TABLE providers DROP CONSTRAINT providers_status_check;
      ALTER TABLE providers ADD CONSTRAINT providers_status_check CHECK (status IN ('active', 'notice', 'suspended', 'blacklisted'));
    `);
  }
}
