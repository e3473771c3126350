import { type CanActivate, type ExecutionContext, Injectable, type OnModuleDestroy, SetMetadata } from '@nestjs/common';
import { AppConfig } from '@ivl/config';
import { DomainError, ErrorCode } from '@ivl/core';
import type { AuthenticatedRequest } from './auth.guard.js';

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, `too many requests; retry after ${retryAfterSeconds} s`);
  }
}

const LOGIN_LIMITED = 'ivl:login-limited';
/** Marks the login route: limited per username and address instead of per user. */
export const LoginRateLimit = () => SetMetadata(LOGIN_LIMITED, true);

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows kept in memory: login per (username, address), every other route per
 * signed-in user. Runs after AuthGuard, so an unauthenticated request is a 401 first.
 * (@nestjs/throttler does the same but is CommonJS requiring ESM Nest, which Jest on Node 20 cannot load.)
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnModuleDestroy {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly config: AppConfig) {
    this.sweeper = setInterval(() => this.sweep(), WINDOW_MS);
    this.sweeper.unref();
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const login = Reflect.getMetadata(LOGIN_LIMITED, context.getHandler()) === true;
    const key = login ? `login:${loginName(request)}|${request.ip}` : `user:${request.actor?.userId ?? request.ip}`;
    const limit = login ? this.config.rateLimit.loginPerMinute : this.config.rateLimit.perMinute;
    this.hit(key, limit);
    return true;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private hit(key: string, limit: number): void {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + WINDOW_MS };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit) throw new RateLimitedError(Math.ceil((window.resetAt - now) / 1000));
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

function loginName(request: AuthenticatedRequest): string {
  const body = request.body as { username?: unknown } | undefined;
  return typeof body?.username === 'string' ? body.username.slice(0, 200) : '';
}
