import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { type Actor, DomainError } from '@ivl/core';
import type { IdempotencyService } from '@ivl/idempotency';
import { problemOf } from './problem-details.filter.js';

/** Printable ASCII, space included. */
const KEY = /^[\x20-\x7E]{1,128}$/;

/** The required `Idempotency-Key` header: 1–128 printable characters, else 400. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw DomainError.validation('Idempotency-Key', 'the header is required: 1 to 128 printable characters');
  }
  return value;
});

/**
 * Runs `work` under the caller's Idempotency-Key and answers with the stored (or first) answer:
 * its status, and problem+json for a stored 4xx.
 */
export async function answerIdempotently<T>(
  idempotency: IdempotencyService,
  reply: FastifyReply,
  request: { actor: Actor; key: string; scope: string; body: unknown; status: number },
  work: (manager: EntityManager) => Promise<T>,
): Promise<unknown> {
  const answer = await idempotency.run(
    { userId: request.actor.userId, key: request.key, scope: request.scope, body: request.body },
    async (manager) => ({ status: request.status, body: await work(manager) }),
    (error) => (error instanceof DomainError ? { status: problemOf(error).status, body: problemOf(error) } : undefined),
  );
  void reply.status(answer.status);
  if (answer.status >= 400) void reply.header('content-type', 'application/problem+json; charset=utf-8');
  return answer.body;
}
