import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type Actor, DomainError, ErrorCode } from '@ivl/core';
import { IdentityService } from '@ivl/identity';

const PUBLIC = 'ivl:public';
/** A route that needs no bearer token (login, health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);

export function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()]) === true;
}

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

/** Every route needs a valid bearer token unless marked @Public(): 401 before anything else. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly identity: IdentityService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'a bearer access token is required');
    request.actor = await this.identity.verifyToken(match[1]!);
    return true;
  }
}
