import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registration (入驻): enterprises and providers sign themselves up and wait for review.
 * - `users.role` takes `applicant`: a user with no scope column who reaches only its registrations;
 *   approval turns it into the `enterprise` / `provider` user of what was created.
 * - `providers.status` takes `notice` (公示): an approved provider is publicly noticed until
 *   `notice_ends_at`, then a scheduled job activates it.
 * - `registrations` (owned by libs/registration): one row per sign-up; `submissions` counts the
 *   times it was submitted (1 + resubmissions), the audit log keeps each step. A USCC is under review
 *   at most once per kind (the partial unique index settles racing sign-ups).
 */
export class Registrations1764700000005 implements MigrationInterface {
  name = 'Registrations1764700000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP CONSTRAINT users_role_check;
      ALTER TABLE users ADD CONSTRAINT users_role_check
        CHECK (role IN ('city_admin', 'county_officer', 'finance', 'provider', 'enterprise', 'auditor', 'applicant'));

      ALTER TABLE providers DROP CONSTRAINT providers_status_check;
      ALTER TABLE providers ADD CONSTRAINT providers_status_check CHECK (status IN ('active', 'notice', 'suspended', 'blacklisted'));
      ALTER TABLE providers ADD COLUMN notice_ends_at timestamptz;
      ALTER TABLE providers ADD CONSTRAINT providers_notice_check CHECK (status <> 'notice' OR notice_ends_at IS NOT NULL);
      CREATE INDEX providers_notice_idx ON providers (notice_ends_at) WHERE status = 'notice';

      CREATE TABLE registrations (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind                 text NOT NULL CHECK (kind IN ('enterprise', 'provider')),
        status               text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'rejected')),
        applicant_user_id    uuid NOT NULL REFERENCES users (id),
        uscc                 char(18) NOT NULL,
        name                 varchar(200) NOT NULL,
        region_code          varchar(6) NOT NULL REFERENCES regions (code),
        legal_representative varchar(200) NOT NULL,
        contact_name         varchar(200) NOT NULL,
        contact_phone        varchar(32) NOT NULL,
        address              varchar(2000) NOT NULL,
        provider_details     jsonb,
        submissions          integer NOT NULL DEFAULT 1 CHECK (submissions >= 1),
        submitted_at         timestamptz NOT NULL,
        decided_at           timestamptz,
        decided_by           uuid REFERENCES users (id),
        decision_comment     text,
        rejection_reason     text,
        enterprise_id        uuid REFERENCES enterprises (id),
        provider_id          uuid REFERENCES providers (id),
        created_at           timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'provider') = (provider_details IS NOT NULL)),
        CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
        CHECK (status <> 'approved' OR (kind = 'enterprise') = (enterprise_id IS NOT NULL) AND (kind = 'provider') = (provider_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX registrations_under_review_key ON registrations (kind, uscc) WHERE status = 'submitted';
      CREATE INDEX registrations_applicant_idx ON registrations (applicant_user_id);
      CREATE INDEX registrations_region_idx ON registrations (region_code, status, created_at);
      CREATE INDEX registrations_enterprise_idx ON registrations (enterprise_id) WHERE enterprise_id IS NOT NULL;
      CREATE INDEX registrations_provider_idx ON registrations (provider_id) WHERE provider_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE registrations;
      DROP INDEX providers_notice_idx;
      ALTER TABLE providers DROP CONSTRAINT providers_notice_check;
      ALTER TABLE providers DROP COLUMN notice_ends_at;
      ALTER TABLE providers DROP CONSTRAINT providers_status_check;
      ALTER TABLE providers ADD CONSTRAINT providers_status_check CHECK (status IN ('active', 'suspended', 'blacklisted'));
      ALTER TABLE users DROP CONSTRAINT users_role_check;
      ALTER TABLE users ADD CONSTRAINT users_role_check
        CHECK (role IN ('city_admin', 'county_officer', 'finance', 'provider', 'enterprise', 'auditor'));
    `);
  }
}
