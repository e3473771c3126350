import {
  applyDecorators,
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBody, ApiConsumes, ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import { IdempotencyService, type KeyToStore } from '@ivl/idempotency';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthenticatedRequest } from './auth.guard.js';
import { problemOf } from './problem-details.filter.js';
import { ReceiveUploadInterceptor } from './upload.js';
import { InvalidRequest, withoutNulls } from './validation.pipe.js';

/**
 * The one transaction boundary of the HTTP layer (issue 11 item 4). A write route is marked
 * `@Transactional()` or `@Idempotent()`; the interceptor opens one database transaction (retried
 * from the start on a deadlock or serialization failure), the handler receives its manager with
 * `@Tx()` and hands it to the use case, which takes `(manager, actor, input)` and never opens a
 * transaction of its own. The answer is sent after the commit. Processors in the worker open
 * theirs with TransactionRunner.
 */
interface TransactionOptions {
  /** Store the answer under the caller's Idempotency-Key (docs/api.md) in the same transaction. */
  idempotent: boolean;
  /** The success status of an idempotent route (the stored and replayed status). */
  status: number;
  /**
   * Whether a request is done as one autocommit statement that stores its own answer under the key
   * (issue 17: the redemption in one round trip). Such a handler gets the pool's manager with
   * `@Tx()` and the key to store with `@KeyToStoreOf()`; no transaction is opened around it.
   */
  oneCall?: (body: unknown) => boolean;
}

const TRANSACTION = Symbol('transaction');
const MANAGER = Symbol('transaction manager');
const KEY_TO_STORE = Symbol('key to store');

type TransactionalRequest = AuthenticatedRequest & { [MANAGER]?: EntityManager; [KEY_TO_STORE]?: KeyToStore };

/** Printable ASCII, space included. */
const KEY = /^[\x20-\x7E]{1,128}$/;

/** Runs the route in one transaction; its handler takes the manager with `@Tx()`. */
export function Transactional(): MethodDecorator {
  return applyDecorators(SetMetadata(TRANSACTION, { idempotent: false, status: 200 }), UseInterceptors(TransactionInterceptor));
}

/**
 * Runs the route in one transaction under the required `Idempotency-Key` header (1–128 printable
 * characters, else 400): the first completed answer (2xx, or a 4xx the use case gave) is stored
 * with a hash of the route and body and replayed for the same key and body; another body is 422.
 */
export function Idempotent(status = 201, options: Pick<TransactionOptions, 'oneCall'> = {}): MethodDecorator {
  return applyDecorators(
    SetMetadata(TRANSACTION, { idempotent: true, status, ...options }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description: '1–128 printable characters; a retry with the same key and body gets the first answer',
    }),
    UseInterceptors(TransactionInterceptor),
  );
}

/**
 * A route that takes one uploaded file: the upload is received in full first (streamed to a file,
 * hashed, sniffed; see ReceiveUploadInterceptor), then the route runs in one transaction, so no
 * connection is held while a slow client sends 20 MB. The handler takes it with `@Upload()`.
 */
export function TransactionalUpload(): MethodDecorator {
  return applyDecorators(
    SetMetadata(TRANSACTION, { idempotent: false, status: 201 }),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } }),
    UseInterceptors(ReceiveUploadInterceptor, TransactionInterceptor),
  );
}

/** The manager of the route's transaction (the route must be @Transactional or @Idempotent). */
export const Tx = createParamDecorator((_data: unknown, context: ExecutionContext): EntityManager => {
  const manager = context.switchToHttp().getRequest<TransactionalRequest>()[MANAGER];
  if (!manager) throw new Error('@Tx() used on a route that is not @Transactional or @Idempotent');
  return manager;
});

/** On a one-call request of an `@Idempotent(…, { oneCall })` route: the key its statement stores the answer under; else undefined. */
export const KeyToStoreOf = createParamDecorator(
  (_data: unknown, context: ExecutionContext): KeyToStore | undefined =>
    context.switchToHttp().getRequest<TransactionalRequest>()[KEY_TO_STORE],
);

@Injectable()
export class TransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly tx: TransactionRunner,
    private readonly idempotency: IdempotencyService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<TransactionOptions | undefined>(TRANSACTION, context.getHandler());
    if (!options) return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<TransactionalRequest & FastifyRequest>();
    // Each attempt (a retried transaction runs the handler again) gets the manager of its own transaction.
    const handle = async (manager: EntityManager): Promise<unknown> => {
      request[MANAGER] = manager;
      try {
        return await lastValueFrom(next.handle(), { defaultValue: undefined });
      } finally {
        request[MANAGER] = undefined;
      }
    };
    if (!options.idempotent) return from(this.tx.run(handle));

    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw DomainError.validation('Idempotency-Key', 'the header is required: 1 to 128 printable characters');
    }
    const actor = request.actor;
    if (!actor) throw new Error('@Idempotent() used on a public route');
    const reply = http.getResponse<FastifyReply>();
    const idempotent = {
      userId: actor.userId,
      key,
      scope: `${request.method} ${request.url.split('?')[0]}`,
      body: withoutNulls(request.body ?? {}),
    };
    // A refusal by the use case is the request's answer and is stored; a request the pipes refused never ran.
    const describeError = (error: unknown) =>
      error instanceof DomainError && !(error instanceof InvalidRequest)
        ? { status: problemOf(error).status, body: problemOf(error) }
        : undefined;
    const answer = options.oneCall?.(request.body)
      ? this.idempotency.runInOneCall(
          idempotent,
          async (toStore) => {
            request[KEY_TO_STORE] = toStore;
            try {
              return { status: options.status, body: await handle(this.dataSource.manager) };
            } finally {
              request[KEY_TO_STORE] = undefined;
            }
          },
          describeError,
        )
      : this.idempotency.run(idempotent, async (manager) => ({ status: options.status, body: await handle(manager) }), describeError);
    return from(answer).pipe(
      map(({ status, body }) => {
        void reply.status(status);
        if (status >= 400) void reply.header('content-type', 'application/problem+json; charset=utf-8');
        return body;
      }),
    );
  }
}
