import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '@ivl/core';
import { pgCode, TransactionRunner } from '@ivl/database';
import { IdempotencyKeyRepository } from './idempotency-key.repository.js';

export interface IdempotentRequest {
  userId: string;
  key: string;
  /** What the key is used for (method and route), part of the request hash. */
  scope: string;
  body: unknown;
}

export interface IdempotentAnswer {
  status: number;
  body: unknown;
}

/** What a use case done as one database statement needs to store its answer under the key itself. */
export interface KeyToStore {
  userId: string;
  key: string;
  requestHash: string;
}

/** The SQLSTATE a one-statement use case raises when another request stored the key first (all rolled back). */
export const KEY_TAKEN_SQLSTATE = 'IV409';

/** Thrown inside the work's transaction when another request stored the key first: roll back, replay. */
class KeyTaken extends Error {}

/**
 * Idempotency-Key in Postgres (docs/api.md): the first completed answer (2xx or 4xx) is stored with a
 * hash of the request and replayed for the same key and body; another body is 422.
 *
 * The key row is written in the same transaction as the work, last. A duplicate that arrives
 * while the first is running blocks on that row (or earlier, on the rows the work locks) until
 * the first commits, then finds the key taken, rolls its own work back and replays the answer.
 * A 4xx answer rolls the work back and is stored in a transaction of its own.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly keys: IdempotencyKeyRepository,
  ) {}

  async run(
    request: IdempotentRequest,
    work: (manager: EntityManager) => Promise<IdempotentAnswer>,
    describeError: (error: unknown) => IdempotentAnswer | undefined,
  ): Promise<IdempotentAnswer> {
    const hash = requestHash(request);
    try {
      return await this.tx.run(async (manager) => {
        const answer = await work(manager);
        if (!(await this.store(manager, request, hash, answer))) throw new KeyTaken();
        return answer;
      });
    } catch (error) {
      if (error instanceof KeyTaken) return this.replay(request, hash);
      const answer = describeError(error);
      if (!answer || answer.status >= 500) throw error;
      const stored = await this.tx.run((manager) => this.store(manager, request, hash, answer));
      return stored ? answer : this.replay(request, hash);
    }
  }

  /**
   * As `run`, for a use case that is one autocommit statement storing its own 2xx answer under the
   * key (e.g. redeem_hold): no transaction is opened here. A key taken first (SQLSTATE IV409, the
   * statement rolled back) replays; a refusal is stored as in `run`.
   */
  async runInOneCall(
    request: IdempotentRequest,
    work: (key: KeyToStore) => Promise<IdempotentAnswer>,
    describeError: (error: unknown) => IdempotentAnswer | undefined,
  ): Promise<IdempotentAnswer> {
    const hash = requestHash(request);
    try {
      return await this.tx.retrying(() => work({ userId: request.userId, key: request.key, requestHash: hash }));
    } catch (error) {
      if (pgCode(error) === KEY_TAKEN_SQLSTATE) return this.replay(request, hash);
      const answer = describeError(error);
      if (!answer || answer.status >= 500) throw error;
      const stored = await this.tx.run((manager) => this.store(manager, request, hash, answer));
      return stored ? answer : this.replay(request, hash);
    }
  }

  private store(manager: EntityManager, request: IdempotentRequest, hash: string, answer: IdempotentAnswer): Promise<boolean> {
    return this.keys.storeUnlessTaken(manager, request.userId, request.key, { requestHash: hash, ...answer });
  }

  private async replay(request: IdempotentRequest, hash: string): Promise<IdempotentAnswer> {
    const stored = await this.keys.findAnswer(this.dataSource.manager, request.userId, request.key);
    if (!stored) throw new Error('idempotency key vanished after a conflict');
    if (stored.requestHash !== hash) {
      throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'this Idempotency-Key was used with another request');
    }
    return { status: stored.status, body: stored.body };
  }
}

/** sha256 of the scope and the body with object keys sorted, so key order does not matter. */
export function requestHash(request: Pick<IdempotentRequest, 'scope' | 'body'>): string {
  return createHash('sha256')
    .update(`${request.scope}\n${canonicalJson(request.body)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  // A request without a body hashes as null (JSON.stringify would answer undefined).
  return value === undefined ? 'null' : JSON.stringify(value);
}
