import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Risk signals (风险线索), owned by libs/risk. A scan of one region and period writes each signal it
 * finds once: (kind, region, period, fingerprint) is unique, so a scan run twice, or two at once,
 * finds each signal once, and a decided signal keeps its decision. `risk_scans` records each run
 * (on demand or nightly) for GET /risk/scans/:jobId.
 *
 * `risk_normalise` / `risk_normalise_phone` are the related-party comparison's normalisers (the
 * same rules as libs/risk/src/normalise.ts): NFKC folds full-width characters to half-width, then
 * ASCII spaces and punctuation and the CJK marks listed are dropped and letters lower-cased; a phone keeps its
 * digits only, without a +86 / 0086 / 86 prefix before a mobile number.
 */
export class Risk1764900000020 implements MigrationInterface {
  name = 'Risk1764900000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION risk_normalise(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT nullif(regexp_replace(lower(normalize(value, NFKC)),
          '[ \\t\\n\\v\\f\\r!-/:-@[-\`{-~、。·・，．：；！？“”‘’（）【】《》〈〉「」『』〔〕—–…～¥]+', '', 'g'), '')
      $$;
      CREATE FUNCTION risk_normalise_phone(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT nullif(regexp_replace(regexp_replace(normalize(value, NFKC), '[^0-9]', '', 'g'), '^(0086|86)(1[0-9]{10})$', '\\2'), '')
      $$;

      CREATE TABLE risk_scans (
        id            uuid PRIMARY KEY,
        region_code   varchar(6) NOT NULL REFERENCES regions (code),
        period        char(7) NOT NULL,
        state         text NOT NULL CHECK (state IN ('waiting', 'active', 'completed', 'failed')),
        signals       int,
        new_signals   int,
        error         text,
        requested_by  uuid,
        created_at    timestamptz NOT NULL,
        finished_at   timestamptz
      );

      CREATE TABLE risk_signals (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind             text NOT NULL CHECK (kind IN ('HIDDEN_RELATION', 'SPLIT_ORDERS', 'INSTANT_CONFIRMATION',
                                                       'SAME_AMOUNTS', 'CONCENTRATION', 'DUPLICATE_EVIDENCE')),
        severity         text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
        region_code      varchar(6) NOT NULL REFERENCES regions (code),
        period           char(7) NOT NULL,
        fingerprint      text NOT NULL,
        subject          jsonb NOT NULL,
        evidence         jsonb NOT NULL,
        status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'confirmed')),
        detected_at      timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        scan_id          uuid REFERENCES risk_scans (id),
        decided_by       uuid,
        decided_at       timestamptz,
        decision_reason  text,
        CONSTRAINT risk_signals_decided CHECK ((status = 'open') = (decided_at IS NULL)),
        CONSTRAINT risk_signals_once UNIQUE (kind, region_code, period, fingerprint)
      );
      CREATE INDEX risk_signals_queue_idx ON risk_signals (region_code, period, status);
      CREATE INDEX risk_signals_redemptions_idx ON risk_signals USING gin ((evidence -> 'redemptionIds'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE risk_signals, risk_scans; DROP FUNCTION risk_normalise(text), risk_normalise_phone(text);`);
  }
}
