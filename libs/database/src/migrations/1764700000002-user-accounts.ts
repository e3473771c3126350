import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts that can be stopped: a user is active or disabled; `session_version` is copied into
 * every access token and bumped when the user's sessions must end (password changed or reset,
 * user disabled), so older tokens no longer match the row; `must_change_password` is set by a
 * reset and cleared by the user's own change. Existing users stay active, version 0.
 */
export class UserAccounts1764700000002 implements MigrationInterface {
  name = 'UserAccounts1764700000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN status               text    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        ADD COLUMN session_version      integer NOT NULL DEFAULT 0,
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN password_changed_at  timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP COLUMN status, DROP COLUMN session_version, DROP COLUMN must_change_password,
                        DROP COLUMN password_changed_at;
    `);
  }
}
