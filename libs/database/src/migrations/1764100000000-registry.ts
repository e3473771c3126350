import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Regions, complexes, providers, enterprises, users and the audit log. */
export class Registry1764100000000 implements MigrationInterface {
  name = 'Registry1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE regions (
        code        varchar(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
        name        varchar(200) NOT NULL,
        level       text NOT NULL CHECK (level IN ('city', 'county')),
        parent_code varchar(6) REFERENCES regions(code),
        created_at  timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE complexes (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name        varchar(200) NOT NULL,
        sector      text NOT NULL CHECK (sector IN ('NEV','BIOMED','HARDWARE','TEXTILE','SMALL_COMMODITIES',
                      'ELECTRONICS','SMART_EQUIPMENT','ENERGY_EQUIPMENT','NEW_MATERIALS','ROBOTICS')),
        level       text NOT NULL CHECK (level IN ('provincial', 'city', 'county')),
        region_code varchar(6) NOT NULL REFERENCES regions(code),
        created_at  timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE providers (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        uscc           char(18) NOT NULL,
        name           varchar(200) NOT NULL,
        region_code    varchar(6) NOT NULL REFERENCES regions(code),
        complex_id     uuid REFERENCES complexes(id),
        categories     text[] NOT NULL,
        accreditations jsonb NOT NULL DEFAULT '[]',
        controller_key varchar(200),
        bank_name      varchar(200) NOT NULL,
        account_name   varchar(200) NOT NULL,
        account_no     varchar(64) NOT NULL,
        status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'blacklisted')),
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT providers_uscc_key UNIQUE (uscc)
      );
      CREATE INDEX providers_region_idx ON providers (region_code);
      CREATE INDEX providers_controller_idx ON providers (controller_key) WHERE controller_key IS NOT NULL;

      CREATE TABLE enterprises (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        uscc           char(18) NOT NULL,
        name           varchar(200) NOT NULL,
        region_code    varchar(6) NOT NULL REFERENCES regions(code),
        controller_key varchar(200),
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT enterprises_uscc_key UNIQUE (uscc)
      );
      CREATE INDEX enterprises_region_idx ON enterprises (region_code);
      CREATE INDEX enterprises_controller_idx ON enterprises (controller_key) WHERE controller_key IS NOT NULL;

      CREATE TABLE users (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username      varchar(200) NOT NULL,
        password_hash text NOT NULL,
        role          text NOT NULL CHECK (role IN ('city_admin','county_officer','finance','provider','enterprise','auditor')),
        region_code   varchar(6) REFERENCES regions(code),
        provider_id   uuid REFERENCES providers(id),
        enterprise_id uuid REFERENCES enterprises(id),
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_username_key UNIQUE (username),
        CONSTRAINT users_scope_check CHECK (
          (role IN ('county_officer', 'finance')) = (region_code IS NOT NULL)
          AND (role = 'provider') = (provider_id IS NOT NULL)
          AND (role = 'enterprise') = (enterprise_id IS NOT NULL))
      );

      CREATE TABLE audit_log (
        id          bigserial PRIMARY KEY,
        at          timestamptz NOT NULL,
        actor_id    uuid,
        actor_role  text,
        entity_type text NOT NULL,
        entity_id   text NOT NULL,
        action      text NOT NULL,
        from_state  text,
        to_state    text,
        reason      text,
        region_code varchar(6),
        provider_id uuid,
        enterprise_id uuid,
        data        jsonb
      );
      CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id);
      CREATE INDEX audit_log_at_idx ON audit_log (at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log, users, enterprises, providers, complexes, regions`);
  }
}
