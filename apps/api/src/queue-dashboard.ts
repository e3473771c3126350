import { randomBytes } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import type { HTTPStatus } from '@bull-board/api/dist/types.js';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@ivl/config';
import { DomainError, ErrorCode, requireRole } from '@ivl/core';
import { IdentityService } from '@ivl/identity';
import { createQueue, QUEUE_NAMES } from '@ivl/jobs';
import { problemOf } from './common/problem-details.filter.js';

const BASE = '/queues';
const COOKIE = 'ivl_queues';
const PROBLEM = 'application/problem+json; charset=utf-8';
const TICKET_TTL_MS = 30 * 60_000;
const TICKETS_KEPT = 1000;

/**
 * Bull Board for operators at /queues, for the city admin only. Scripts send `Authorization: Bearer …`.
 * A browser gets a dashboard ticket (random, 30 minutes, held in this process and bound to the access
 * token, so every use re-checks the user) in an HttpOnly, Secure, SameSite=Strict cookie scoped to
 * /queues: the portal asks for it with `POST /queues/ticket` and its bearer header, or a person opens
 * `/queues?token=<accessToken>` once and is sent on to /queues so the token leaves the address bar.
 * The bearer token itself is never put in a cookie. Bull Board's own errors answer problem+json
 * without a stack.
 */
export async function mountQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const queues = QUEUE_NAMES.map((name) => createQueue(config, name));
  const board = new BoardAdapter();
  board.setBasePath(BASE);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: board });
  const identity = app.get(IdentityService);
  const tickets = new DashboardTickets();
  const fastify = app.getHttpAdapter().getInstance();
  // Replaces Bull Board's handler, which answers the error's stack whenever NODE_ENV is development.
  board.setErrorHandler((error: Error & { statusCode?: number }) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      fastify.log.error({ err: error }, 'queue dashboard error');
      return {
        status: 500,
        body: {
          type: 'about:blank',
          title: 'Internal error',
          status: 500,
          code: 'INTERNAL',
          detail: 'the queue dashboard could not answer',
        },
      };
    }
    const problem = problemOf(
      new DomainError(status === 404 ? ErrorCode.NOT_FOUND : ErrorCode.VALIDATION_FAILED, 'the queue dashboard refused the request'),
    );
    return { status: problem.status as HTTPStatus, body: problem };
  });
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const query = queryToken(request);
        if (query) {
          await adminOf(identity, query);
          // eslint-disable-next-line @typescript-eslint/return-await -- a FastifyReply is thenable: the hook hands it back, as Fastify documents, not its completion
          return withTicket(reply, tickets.issue(query)).redirect(request.url.split('?')[0], 303);
        }
        const token = bearerOf(request) ?? tickets.tokenOf(cookieOf(request));
        if (!token) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'open /queues?token=<city admin access token>');
        await adminOf(identity, token);
      } catch (error) {
        const problem = problemOf(error instanceof DomainError ? error : DomainError.forbidden());
        return reply.status(problem.status).header('content-type', PROBLEM).send(problem);
      }
    });
    // Bull Board sends its error bodies as plain JSON; they are problems (see the error handler above).
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (reply.statusCode >= 400 && typeof payload === 'string' && payload.startsWith('{"type":"about:blank"'))
        reply.header('content-type', PROBLEM);
      return payload;
    });
    // Only a bearer header mints a ticket: a ticket cannot renew itself.
    scope.post(`${BASE}/ticket`, async (request, reply) => {
      const bearer = bearerOf(request);
      if (!bearer) {
        const problem = problemOf(new DomainError(ErrorCode.UNAUTHENTICATED, 'a dashboard ticket is issued for a bearer token only'));
        return reply.status(problem.status).header('content-type', PROBLEM).send(problem);
      }
      return withTicket(reply, tickets.issue(bearer)).status(204).send();
    });
    await scope.register(board.registerPlugin(), { prefix: BASE });
  });
  fastify.addHook('onClose', async () => {
    await Promise.all(queues.map((q) => q.close()));
  });
}

function withTicket(reply: FastifyReply, ticket: string): FastifyReply {
  return reply.header(
    'set-cookie',
    `${COOKIE}=${ticket}; Path=${BASE}; Max-Age=${TICKET_TTL_MS / 1000}; HttpOnly; Secure; SameSite=Strict`,
  );
}

async function adminOf(identity: IdentityService, token: string): Promise<void> {
  const { actor, mustChangePassword } = await identity.verifyToken(token);
  if (mustChangePassword) throw new DomainError(ErrorCode.PASSWORD_CHANGE_REQUIRED, 'change the temporary password first');
  requireRole(actor, 'queues.view');
}

/** Dashboard tickets of this API process: a random value stands for an access token for a short while. */
class DashboardTickets {
  private readonly tickets = new Map<string, { token: string; expiresAt: number }>();

  issue(token: string): string {
    const now = Date.now();
    for (const [ticket, entry] of this.tickets) if (entry.expiresAt <= now) this.tickets.delete(ticket);
    if (this.tickets.size >= TICKETS_KEPT) {
      const oldest = this.tickets.keys().next();
      if (!oldest.done) this.tickets.delete(oldest.value);
    }
    const ticket = randomBytes(32).toString('base64url');
    this.tickets.set(ticket, { token, expiresAt: now + TICKET_TTL_MS });
    return ticket;
  }

  tokenOf(ticket: string | undefined): string | undefined {
    const entry = ticket === undefined ? undefined : this.tickets.get(ticket);
    return entry && entry.expiresAt > Date.now() ? entry.token : undefined;
  }
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
}

function queryToken(request: FastifyRequest): string | undefined {
  const query = (request.query as { token?: unknown } | undefined)?.token;
  return typeof query === 'string' && query.length > 0 ? query : undefined;
}

function cookieOf(request: FastifyRequest): string | undefined {
  return request.headers.cookie
    ?.split(';')
    .map((c) => c.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
}
