import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Notification, NotificationKind, NotificationMessage } from './notification.types.js';

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** The notifications table: each user's inbox. */
@Injectable()
export class NotificationRepository {
  /**
   * Writes many events into their users' inboxes in one statement, once per user and event key;
   * answers the (user, key) pairs written now (not those a user had already).
   */
  async insertMany(
    manager: EntityManager,
    rows: ReadonlyArray<{ userId: string; message: NotificationMessage }>,
  ): Promise<Array<{ userId: string; key: string }>> {
    if (rows.length === 0) return [];
    const column = <T>(of: (r: { userId: string; message: NotificationMessage }) => T) => rows.map(of);
    const written: Array<{ user_id: string; event_key: string }> = await manager.query(
      `INSERT INTO notifications (user_id, kind, title, body, link, event_key, created_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       ON CONFLICT (user_id, event_key) DO NOTHING
       RETURNING user_id, event_key`,
      [
        column((r) => r.userId),
        column((r) => r.message.kind),
        column((r) => r.message.title),
        column((r) => r.message.body),
        column((r) => r.message.link),
        column((r) => r.message.key),
        column((r) => r.message.at),
      ],
    );
    return written.map((r) => ({ userId: r.user_id, key: r.event_key }));
  }

  /** A user's notifications, newest first, with how many there are (unread only, when asked). */
  async listOf(
    manager: EntityManager,
    userId: string,
    filter: { unread: boolean; limit: number; offset: number },
  ): Promise<{ items: Notification[]; total: number }> {
    const unread = filter.unread ? 'AND read_at IS NULL' : '';
    const rows: NotificationRow[] = await manager.query(
      `SELECT id, kind, title, body, link, created_at, read_at FROM notifications
        WHERE user_id = $1 ${unread} ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [userId, filter.limit, filter.offset],
    );
    const [{ count }] = await manager.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 ${unread}`,
      [userId],
    );
    return { items: rows.map(toNotification), total: count };
  }

  async countUnread(manager: EntityManager, userId: string): Promise<number> {
    const [{ count }] = await manager.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return count;
  }

  /** Marks one of the user's notifications read (kept as first read when read again); undefined when the user has no such row. */
  async markRead(manager: EntityManager, userId: string, id: string, at: Date): Promise<Notification | undefined> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count], not rows.
    const rows: NotificationRow[] = await manager.query(
      `WITH changed AS (
         UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2
         RETURNING id, kind, title, body, link, created_at, read_at)
       SELECT * FROM changed`,
      [id, userId, at],
    );
    return rows[0] ? toNotification(rows[0]) : undefined;
  }

  /** Marks every unread notification of the user read; answers how many. */
  async markAllRead(manager: EntityManager, userId: string, at: Date): Promise<number> {
    const [{ count }] = await manager.query<[{ count: number }]>(
      `WITH changed AS (UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id)
       SELECT count(*)::int AS count FROM changed`,
      [userId, at],
    );
    return count;
  }
}

function toNotification(row: NotificationRow): Notification {
  return { id: row.id, kind: row.kind, title: row.title, body: row.body, link: row.link, createdAt: row.created_at, readAt: row.read_at };
}
