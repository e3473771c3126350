import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service products (服务产品) and the public directory (服务机构库).
 * - `services` (owned by libs/catalog): what an active provider offers, with a price range in fen
 *   and a unit; `withdrawn` products stay (orders refer to them) but leave the directory.
 * - pg_trgm (stock contrib) backs the directory's text search: `ILIKE '%…%'` on the provider's
 *   name and on its published products' name and description. Two Chinese characters make no
 *   trigram, so such a fragment is matched by a scan of the (small) published set; three or more
 *   use the GIN indexes.
 */
export class Services1764800000000 implements MigrationInterface {
  name = 'Services1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;

      CREATE TABLE services (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id     uuid NOT NULL REFERENCES providers (id),
        name            varchar(200) NOT NULL CHECK (btrim(name) <> ''),
        category        text NOT NULL CHECK (category IN ('TESTING', 'CERTIFICATION', 'DESIGN', 'RND', 'INSTRUMENT_SHARING')),
        description     varchar(2000) NOT NULL,
        price_from      bigint NOT NULL CHECK (price_from >= 0),
        price_to        bigint CHECK (price_to IS NULL OR price_to >= price_from),
        unit            varchar(20) NOT NULL CHECK (btrim(unit) <> ''),
        turnaround_days integer CHECK (turnaround_days BETWEEN 1 AND 365),
        status          text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'withdrawn')),
        created_by      uuid NOT NULL REFERENCES users (id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        withdrawn_at    timestamptz,
        CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
      );
      CREATE INDEX services_provider_idx ON services (provider_id, created_at);
      CREATE INDEX services_published_category_idx ON services (category, provider_id) WHERE status = 'published';
      CREATE INDEX services_published_text_trgm_idx ON services
        USING gin ((name || ' ' || description) gin_trgm_ops) WHERE status = 'published';
      CREATE INDEX providers_name_trgm_idx ON providers USING gin (name gin_trgm_ops);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX providers_name_trgm_idx;
      DROP TABLE services;
    `);
  }
}
