import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (站内消息), owned by libs/notifications: one row per user and event. The event key
 * (e.g. `application.approved.<id>`, `voucher.expiring.30.<id>`) is unique per user, so a delivery
 * job that runs twice writes each user's row once. `read_at` is null while unread.
 */
export class Notifications1764800000002 implements MigrationInterface {
  name = 'Notifications1764800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id     uuid NOT NULL REFERENCES users (id),
        kind        text NOT NULL,
        title       varchar(200) NOT NULL,
        body        text NOT NULL,
        link        varchar(500),
        event_key   varchar(200) NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        read_at     timestamptz,
        UNIQUE (user_id, event_key)
      );
      CREATE INDEX notifications_inbox_idx ON notifications (user_id, created_at DESC, id DESC);
      CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
  }
}
