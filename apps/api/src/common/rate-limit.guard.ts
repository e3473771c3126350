import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '@ivl/config';
import { type AuthenticatedRequest, isPublic } from './auth.guard.js';
import { type Counter, RateLimiter } from './rate-limiter.js';

const LOGIN_LIMITED = 'ivl:login-limited';
/** Marks the login route: also limited per username and address, and in failures per address. */
export const LoginRateLimit = () => SetMetadata(LOGIN_LIMITED, true);

const SIGN_UP_LIMITED = 'ivl:sign-up-limited';
/** Marks the sign-up route: each request makes an account, so it is also limited per address on its own. */
export const SignUpRateLimit = () => SetMetadata(SIGN_UP_LIMITED, true);

const OBJECTION_LIMITED = 'ivl:objection-limited';
/** Marks the objection route (异议): also limited per address on its own, so one address cannot flood the reviewing offices. */
export const ObjectionRateLimit = () => SetMetadata(OBJECTION_LIMITED, true);

const NOT_LIMITED = 'ivl:not-limited';
/** A route no limit applies to (/health: probes must always see the truth). */
export const NoRateLimit = () => SetMetadata(NOT_LIMITED, true);

/** The counter of login attempts from an address not yet known to have succeeded. */
export function loginFailuresKey(address: string): string {
  return `login-failures:${address}`;
}

/**
 * Unauthenticated routes are limited per address in Redis (shared by every process, kept over
 * restarts); login also per (username, address) and in failed attempts per address across
 * usernames. Signed-in users are limited per user in process memory. Runs after AuthGuard, so a
 * request without a valid token is a 401 first.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const handler = context.getHandler();
    if (Reflect.getMetadata(NOT_LIMITED, handler) === true) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const limits = this.config.rateLimit;
    if (!isPublic(this.reflector, context)) {
      this.limiter.local({ key: `user:${request.actor?.userId ?? request.ip}`, limit: limits.perMinute });
      return true;
    }
    const counters: Counter[] = [{ key: `public:${request.ip}`, limit: limits.publicPerAddressPerMinute }];
    if (Reflect.getMetadata(LOGIN_LIMITED, handler) === true) {
      counters.push(
        { key: `login:${loginName(request)}|${request.ip}`, limit: limits.loginPerMinute },
        // Counted before the attempt and refunded on success, so parallel guesses cannot slip past.
        { key: loginFailuresKey(request.ip), limit: limits.loginFailuresPerAddressPerMinute },
      );
    }
    if (Reflect.getMetadata(SIGN_UP_LIMITED, handler) === true) {
      counters.push({ key: `sign-up:${request.ip}`, limit: limits.registrationsPerAddressPerMinute });
    }
    if (Reflect.getMetadata(OBJECTION_LIMITED, handler) === true) {
      counters.push({ key: `objection:${request.ip}`, limit: limits.objectionsPerAddressPerMinute });
    }
    await this.limiter.shared(counters);
    return true;
  }
}

function loginName(request: AuthenticatedRequest): string {
  const body = request.body as { username?: unknown } | undefined;
  return typeof body?.username === 'string' ? body.username.slice(0, 200) : '';
}
