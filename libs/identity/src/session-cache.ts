import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type SessionState, UserRepository } from './user.repository.js';

/**
 * How long a user's row is trusted without reading it again. Every authenticated request checks
 * its token against the user row (active, same session version); this cache keeps that check off
 * the database in the steady state (one read per user per TTL, not per request: the redemption
 * path is benchmarked).
 *
 * Several processes: a process that disables a user, resets or changes a password drops its own
 * entry at once, so its next request sees the change. Other API processes keep their entry for at
 * most SESSION_CHECK_TTL_MS, so there a disabled user's token is refused within that time, not at
 * once. A shared invalidation channel (Redis pub/sub) would close that gap; one second was judged
 * enough against a token that used to live for its full eight hours.
 *
 * The change is invalidated inside its transaction, before the commit: for one TTL after an
 * invalidation the user's row is read afresh on every request and not remembered, so a read that
 * saw the row before the commit is never kept.
 */
export const SESSION_CHECK_TTL_MS = 1000;

@Injectable()
export class SessionCache {
  private readonly entries = new Map<string, { state: SessionState | undefined; until: number }>();
  private readonly loading = new Map<string, Promise<SessionState | undefined>>();
  /** Users invalidated lately, and until when their row is read afresh on every request. */
  private readonly uncached = new Map<string, number>();
  /** Bumped by every invalidation, so a read that started before a change never stores what it read. */
  private epoch = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
  ) {}

  async stateOf(userId: string): Promise<SessionState | undefined> {
    const entry = this.entries.get(userId);
    if (entry && entry.until > Date.now()) return entry.state;
    let pending = this.loading.get(userId);
    if (!pending) {
      const epoch = this.epoch;
      pending = this.users.sessionStateOf(this.dataSource.manager, userId).finally(() => this.loading.delete(userId));
      this.loading.set(userId, pending);
      const state = await pending;
      if (epoch === this.epoch) this.remember(userId, state);
      return state;
    }
    return pending;
  }

  /** Called with a change to the user's row, in its transaction. */
  invalidate(userId: string): void {
    this.epoch++;
    const now = Date.now();
    if (this.uncached.size >= 10_000) for (const [id, until] of this.uncached) if (until <= now) this.uncached.delete(id);
    this.uncached.set(userId, now + SESSION_CHECK_TTL_MS);
    this.entries.delete(userId);
    this.loading.delete(userId);
  }

  private remember(userId: string, state: SessionState | undefined): void {
    const uncachedUntil = this.uncached.get(userId);
    if (uncachedUntil !== undefined) {
      if (uncachedUntil > Date.now()) return;
      this.uncached.delete(userId);
    }
    // Expired entries are dropped as new ones come, so the map holds about one TTL's worth of users.
    if (this.entries.size >= 10_000) {
      const now = Date.now();
      for (const [id, e] of this.entries) if (e.until <= now) this.entries.delete(id);
    }
    this.entries.set(userId, { state, until: Date.now() + SESSION_CHECK_TTL_MS });
  }
}
