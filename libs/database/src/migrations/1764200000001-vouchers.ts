import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Programs and their funding, applications, vouchers and their fund parts, redemptions and their parts. */
export class Vouchers1764200000001 implements MigrationInterface {
  name = 'Vouchers1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE programs (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name                   varchar(200) NOT NULL,
        year                   int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        issuer_region_code     varchar(6) NOT NULL REFERENCES regions(code),
        categories             text[] NOT NULL CHECK (cardinality(categories) > 0),
        ratio_bp               int NOT NULL CHECK (ratio_bp BETWEEN 0 AND 10000),
        full_coverage_up_to    bigint CHECK (full_coverage_up_to > 0),
        out_of_region_ratio_bp int CHECK (out_of_region_ratio_bp BETWEEN 0 AND 10000),
        per_voucher_max        bigint NOT NULL CHECK (per_voucher_max > 0),
        enterprise_annual_cap  bigint NOT NULL CHECK (enterprise_annual_cap > 0),
        controller_annual_cap  bigint CHECK (controller_annual_cap > 0),
        validity_days          int NOT NULL CHECK (validity_days > 0),
        claim_window_days      int NOT NULL CHECK (claim_window_days > 0),
        city_review_required   boolean NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX programs_issuer_idx ON programs (issuer_region_code);

      CREATE TABLE program_funding (
        program_id uuid NOT NULL REFERENCES programs(id),
        position   int NOT NULL,
        fund_id    uuid NOT NULL REFERENCES funds(id),
        share_bp   int NOT NULL CHECK (share_bp BETWEEN 1 AND 10000),
        PRIMARY KEY (program_id, position),
        CONSTRAINT program_funding_fund_key UNIQUE (program_id, fund_id)
      );
      CREATE INDEX program_funding_fund_idx ON program_funding (fund_id);

      CREATE TABLE applications (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        program_id     uuid NOT NULL REFERENCES programs(id),
        enterprise_id  uuid NOT NULL REFERENCES enterprises(id),
        amount         bigint NOT NULL CHECK (amount > 0),
        purpose        text NOT NULL,
        status         text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        stage          text NOT NULL CHECK (stage IN ('county', 'city', 'done')),
        county_decision jsonb,
        city_decision   jsonb,
        reject_reason  text,
        voucher_id     uuid,
        created_at     timestamptz NOT NULL,
        decided_at     timestamptz
      );
      CREATE INDEX applications_program_idx ON applications (program_id, status);
      CREATE INDEX applications_enterprise_idx ON applications (enterprise_id);

      CREATE TABLE vouchers (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code           char(16) NOT NULL,
        program_id     uuid NOT NULL REFERENCES programs(id),
        enterprise_id  uuid NOT NULL REFERENCES enterprises(id),
        application_id uuid NOT NULL REFERENCES applications(id),
        face_value     bigint NOT NULL CHECK (face_value > 0),
        balance        bigint NOT NULL CHECK (balance >= 0),
        held           bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
        status         text NOT NULL CHECK (status IN ('active', 'exhausted', 'expired', 'revoked')),
        issued_at      timestamptz NOT NULL,
        valid_until    timestamptz NOT NULL,
        closed_at      timestamptz,
        revoke_reason  text,
        CONSTRAINT vouchers_code_key UNIQUE (code),
        CONSTRAINT vouchers_application_key UNIQUE (application_id),
        CONSTRAINT vouchers_within_face CHECK (balance + held <= face_value)
      );
      CREATE INDEX vouchers_program_enterprise_idx ON vouchers (program_id, enterprise_id);
      CREATE INDEX vouchers_enterprise_idx ON vouchers (enterprise_id);
      CREATE INDEX vouchers_expiry_idx ON vouchers (valid_until) WHERE status IN ('active', 'exhausted');

      CREATE TABLE voucher_parts (
        voucher_id uuid NOT NULL REFERENCES vouchers(id),
        position   int NOT NULL,
        fund_id    uuid NOT NULL REFERENCES funds(id),
        face_value bigint NOT NULL CHECK (face_value >= 0),
        PRIMARY KEY (voucher_id, position)
      );

      CREATE TABLE redemptions (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        voucher_id    uuid NOT NULL REFERENCES vouchers(id),
        program_id    uuid NOT NULL REFERENCES programs(id),
        provider_id   uuid NOT NULL REFERENCES providers(id),
        enterprise_id uuid NOT NULL REFERENCES enterprises(id),
        category      text NOT NULL,
        order_amount  bigint NOT NULL CHECK (order_amount > 0),
        subsidy       bigint NOT NULL CHECK (subsidy > 0 AND subsidy <= order_amount),
        description   text NOT NULL,
        status        text NOT NULL CHECK (status IN ('pending', 'confirmed', 'cancelled')),
        created_at    timestamptz NOT NULL,
        confirmed_at  timestamptz,
        cancelled_at  timestamptz
      );
      CREATE INDEX redemptions_voucher_idx ON redemptions (voucher_id);
      CREATE INDEX redemptions_provider_idx ON redemptions (provider_id, status);
      CREATE INDEX redemptions_enterprise_idx ON redemptions (enterprise_id, status);

      CREATE TABLE redemption_parts (
        redemption_id uuid NOT NULL REFERENCES redemptions(id),
        fund_id       uuid NOT NULL REFERENCES funds(id),
        position      int NOT NULL,
        amount        bigint NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (redemption_id, position)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE redemption_parts, redemptions, voucher_parts, vouchers, applications, program_funding, programs`);
  }
}
