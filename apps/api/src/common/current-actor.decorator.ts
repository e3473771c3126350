import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@ivl/core';
import type { AuthenticatedRequest } from './auth.guard.js';

/** The authenticated caller of the request (set by AuthGuard). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
