import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, type FieldError } from '@ivl/core';
import { RateLimitedError } from './rate-limiter.js';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  DUPLICATE: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  VOUCHER_NOT_USABLE: 422,
  CATEGORY_NOT_ELIGIBLE: 422,
  RELATED_PARTY: 422,
  CAP_EXCEEDED: 422,
  BUDGET_EXHAUSTED: 422,
  CLAIM_WINDOW_CLOSED: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
};

const TITLE: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Not allowed for your role',
  PASSWORD_CHANGE_REQUIRED: 'The temporary password must be changed first',
  NOT_FOUND: 'Not found',
  INVALID_STATE: 'Not allowed in the current state',
  DUPLICATE: 'Exists already',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency-Key reused with another request',
  VOUCHER_NOT_USABLE: 'Voucher not usable',
  CATEGORY_NOT_ELIGIBLE: 'Category not eligible',
  RELATED_PARTY: 'Related parties',
  CAP_EXCEEDED: 'Cap exceeded',
  BUDGET_EXHAUSTED: 'Budget exhausted',
  CLAIM_WINDOW_CLOSED: 'Claim window closed',
  RATE_LIMITED: 'Too many requests',
  PAYLOAD_TOO_LARGE: 'The document is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Not an accepted kind of document',
  SERVICE_UNAVAILABLE: 'A service this depends on is unavailable',
};

export interface ProblemBody {
  type: 'about:blank';
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
}

/** Builds the problem+json body of a domain error; also used to store idempotent 4xx answers. */
export function problemOf(error: DomainError): ProblemBody {
  return {
    type: 'about:blank',
    title: TITLE[error.code],
    status: STATUS[error.code],
    code: error.code,
    detail: error.detail,
    ...(error.errors?.length ? { errors: error.errors } : {}),
  };
}

/**
 * The one exception filter: every error leaves as application/problem+json with a stable code.
 * Anything unexpected is logged with its stack and answered as a bare 500 with the request id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const domain = toDomainError(exception);
    if (!domain) {
      request.log.error({ err: exception }, 'unhandled error');
      void reply
        .status(500)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send({ code: 'INTERNAL', requestId: request.id });
      return;
    }
    if (domain instanceof RateLimitedError) reply.header('retry-after', String(domain.retryAfterSeconds));
    const body = problemOf(domain);
    void reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }
}

function toDomainError(exception: unknown): DomainError | undefined {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof HttpException) return fromStatus(exception.getStatus(), exception.message);
  // Errors raised by Fastify itself before a handler runs (bad JSON, body too large, media type).
  if (typeof exception !== 'object' || exception === null) return undefined;
  const e = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof e.statusCode === 'number' && typeof e.code === 'string' && e.code.startsWith('FST_')) {
    return fromStatus(e.statusCode === 413 ? 400 : e.statusCode, String(e.message));
  }
  return undefined;
}

function fromStatus(status: number, message: string): DomainError | undefined {
  switch (status) {
    case 401:
      return new DomainError(ErrorCode.UNAUTHENTICATED, message);
    case 403:
      return new DomainError(ErrorCode.FORBIDDEN, message);
    case 404:
      return new DomainError(ErrorCode.NOT_FOUND, message);
    case 429:
      return new DomainError(ErrorCode.RATE_LIMITED, message);
    case 503:
      return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, message);
    default:
      return status >= 400 && status < 500 ? new DomainError(ErrorCode.VALIDATION_FAILED, message) : undefined;
  }
}
