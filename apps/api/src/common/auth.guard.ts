import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type Actor, DomainError, ErrorCode, isConfinedToRegistration } from '@ivl/core';
import { IdentityService } from '@ivl/identity';

export const PUBLIC = 'ivl:public';
/** A route that needs no bearer token (login, health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);

const OPEN_DURING_PASSWORD_CHANGE = 'ivl:open-during-password-change';
/** One of the few routes a user with a temporary password may call (its password change, who am I). */
export const OpenDuringPasswordChange = () => SetMetadata(OPEN_DURING_PASSWORD_CHANGE, true);

export const OPEN_TO_APPLICANTS = 'ivl:open-to-applicants';
/**
 * One of the routes an applicant (signed up, not yet approved) may call: who am I, its password,
 * its registrations, its documents. Every other route answers an applicant 403 FORBIDDEN, so a new
 * route is closed to applicants unless it says otherwise.
 */
export const OpenToApplicants = () => SetMetadata(OPEN_TO_APPLICANTS, true);

/** Whether the route handling `context` is marked @OpenToApplicants() (on the handler or its controller). */
export function isOpenToApplicants(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean | undefined>(OPEN_TO_APPLICANTS, [context.getHandler(), context.getClass()]) ?? false;
}

export function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()]);
}

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

/**
 * Every route needs a valid bearer token of an active user unless marked @Public(): 401 before
 * anything else. A user who logged in with a temporary password gets 403 PASSWORD_CHANGE_REQUIRED
 * everywhere but the routes marked @OpenDuringPasswordChange(); an applicant gets 403 FORBIDDEN
 * everywhere but the routes marked @OpenToApplicants().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly identity: IdentityService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, context)) return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'a bearer access token is required');
    const session = await this.identity.verifyToken(match[1]);
    if (session.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(OPEN_DURING_PASSWORD_CHANGE, targets)) {
      throw new DomainError(ErrorCode.PASSWORD_CHANGE_REQUIRED, 'change the temporary password first (POST /auth/password)');
    }
    if (isConfinedToRegistration(session.actor) && !isOpenToApplicants(this.reflector, context)) {
      throw DomainError.forbidden('until its registration is approved, an applicant may only complete its registration');
    }
    request.actor = session.actor;
    return true;
  }
}
