import { type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
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

export function isLoginRoute(context: ExecutionContext): boolean {
  return Reflect.getMetadata(LOGIN_LIMITED, context.getHandler()) === true;
}

/**
 * Two limits (see ThrottlerModule setup in api.module.ts): `login` per username and address on
 * the login route, `default` per signed-in user (or address) over all other routes together.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as AuthenticatedRequest;
    return request.actor ? `user:${request.actor.userId}` : `ip:${request.ip}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}

export function loginTracker(req: Record<string, unknown>): string {
  const request = req as unknown as { body?: { username?: unknown }; ip: string };
  const username = typeof request.body?.username === 'string' ? request.body.username.slice(0, 200) : '';
  return `${username}|${request.ip}`;
}
