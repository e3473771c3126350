import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders (服务订单) and ratings (评价).
 * - `orders` (owned by libs/orders): an enterprise orders a published service product with one of
 *   its vouchers; the provider accepts it with the agreed amount (the whole bill, in fen) or declines
 *   it with a reason; the enterprise may cancel it while requested. An accepted order is redeemed
 *   once: `redemption_id` names the redemption (unique: one live redemption per order), and is
 *   cleared when that redemption is cancelled before confirmation (the order is accepted again).
 *   `program_id` is the voucher's program, kept for the issuing region's officers to find the order.
 * - `ratings` (owned by libs/redemptions: a rating is of a confirmed redemption, checked against its
 *   status and its enterprise, and shown with it): one per redemption (the primary key settles two
 *   racing ratings). The directory reads a provider's mean and count from it.
 */
export class Orders1764800000001 implements MigrationInterface {
  name = 'Orders1764800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id           uuid NOT NULL REFERENCES services (id),
        provider_id          uuid NOT NULL REFERENCES providers (id),
        enterprise_id        uuid NOT NULL REFERENCES enterprises (id),
        voucher_id           uuid NOT NULL REFERENCES vouchers (id),
        program_id           uuid NOT NULL REFERENCES programs (id),
        category             text NOT NULL,
        description          varchar(2000) NOT NULL,
        status               text NOT NULL DEFAULT 'requested'
                             CHECK (status IN ('requested', 'accepted', 'declined', 'cancelled', 'redeemed')),
        agreed_amount        bigint CHECK (agreed_amount > 0),
        contract_document_id uuid REFERENCES documents (id),
        decline_reason       varchar(2000),
        redemption_id        uuid UNIQUE REFERENCES redemptions (id),
        ordered_by           uuid NOT NULL REFERENCES users (id),
        decided_by           uuid REFERENCES users (id),
        created_at           timestamptz NOT NULL,
        decided_at           timestamptz,
        cancelled_at         timestamptz,
        redeemed_at          timestamptz,
        CHECK ((status IN ('accepted', 'redeemed')) = (agreed_amount IS NOT NULL)),
        CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
        CHECK ((status = 'redeemed') = (redemption_id IS NOT NULL))
      );
      CREATE INDEX orders_provider_idx ON orders (provider_id, created_at);
      CREATE INDEX orders_enterprise_idx ON orders (enterprise_id, created_at);
      CREATE INDEX orders_program_idx ON orders (program_id);
      CREATE INDEX orders_voucher_idx ON orders (voucher_id);
      CREATE INDEX orders_service_idx ON orders (service_id);

      CREATE TABLE ratings (
        redemption_id uuid PRIMARY KEY REFERENCES redemptions (id),
        provider_id   uuid NOT NULL REFERENCES providers (id),
        enterprise_id uuid NOT NULL REFERENCES enterprises (id),
        stars         smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
        comment       varchar(2000),
        rated_by      uuid NOT NULL REFERENCES users (id),
        created_at    timestamptz NOT NULL
      );
      CREATE INDEX ratings_provider_idx ON ratings (provider_id) INCLUDE (stars);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE ratings;
      DROP TABLE orders;
    `);
  }
}
