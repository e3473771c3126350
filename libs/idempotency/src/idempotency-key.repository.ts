import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@ivl/database';

/** A stored answer under a user's key, with the hash of the request that got it. */
export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

/** The idempotency_keys table. */
@Injectable()
export class IdempotencyKeyRepository {
  /** Stores the answer under the key unless the key is taken; true if it stored it. */
  async storeUnlessTaken(manager: EntityManager, userId: string, key: string, answer: StoredAnswer): Promise<boolean> {
    const rows: unknown[] = await preparedQuery(
      manager,
      'idempotency-store',
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING 1`,
      [userId, key, answer.requestHash, answer.status, JSON.stringify(answer.body)],
    );
    return rows.length > 0;
  }

  async findAnswer(manager: EntityManager, userId: string, key: string): Promise<StoredAnswer | undefined> {
    const rows: Array<{ request_hash: string; status_code: number; body: unknown }> = await manager.query(
      `SELECT request_hash, status_code, body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    const row = rows.at(0);
    return row && { requestHash: row.request_hash, status: row.status_code, body: row.body };
  }
}
