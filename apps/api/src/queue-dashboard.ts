import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@ivl/config';
import { DomainError, ErrorCode } from '@ivl/core';
import { IdentityService } from '@ivl/identity';
import { createQueue, QUEUE_NAMES } from '@ivl/jobs';
import { problemOf } from './common/problem-details.filter.js';

const BASE = '/queues';
const COOKIE = 'ivl_queues';

/**
 * Bull Board for operators at /queues, for the city admin only. A browser opens
 * `/queues?token=<accessToken>` once; the token is then kept in an HttpOnly cookie scoped to /queues.
 * Scripts may send `Authorization: Bearer …` instead.
 */
export async function mountQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const queues = QUEUE_NAMES.map((name) => createQueue(config, name));
  const board = new BoardAdapter();
  board.setBasePath(BASE);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: board });
  const identity = app.get(IdentityService);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const { token, fromQuery } = tokenOf(request);
      try {
        if (!token) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'open /queues?token=<city admin access token>');
        const { actor, mustChangePassword } = await identity.verifyToken(token);
        if (mustChangePassword) throw new DomainError(ErrorCode.PASSWORD_CHANGE_REQUIRED, 'change the temporary password first');
        if (actor.role !== 'city_admin') throw DomainError.forbidden('the queue dashboard is for the city admin');
        if (fromQuery) void reply.header('set-cookie', `${COOKIE}=${token}; Path=${BASE}; HttpOnly; SameSite=Strict`);
      } catch (error) {
        const problem = problemOf(error instanceof DomainError ? error : DomainError.forbidden());
        return reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
      }
    });
    await scope.register(board.registerPlugin(), { prefix: BASE });
  });
  fastify.addHook('onClose', async () => {
    await Promise.all(queues.map((q) => q.close()));
  });
}

function tokenOf(request: FastifyRequest): { token?: string; fromQuery: boolean } {
  const header = request.headers.authorization;
  const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (bearer) return { token: bearer, fromQuery: false };
  const query = (request.query as { token?: unknown } | undefined)?.token;
  if (typeof query === 'string' && query.length > 0) return { token: query, fromQuery: true };
  const cookie = request.headers.cookie
    ?.split(';')
    .map((c) => c.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
  return { token: cookie, fromQuery: false };
}
