import { createParamDecorator, type ExecutionContext, Injectable, type NestInterceptor, type CallHandler } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { rm } from 'node:fs/promises';
import { finalize, from, type Observable, switchMap } from 'rxjs';
import { DomainError, ErrorCode } from '@ivl/core';
import { DocumentsService, type ReceivedUpload, receiveUpload } from '@ivl/documents';

const UPLOAD = Symbol('upload');
type UploadRequest = FastifyRequest & { [UPLOAD]?: ReceivedUpload };

/**
 * Receives the route's multipart upload (one part named `file`) in full before the handler runs,
 * and removes the received file when the request is over, whatever happened. Bound before the
 * transaction by `TransactionalUpload()`, so no database connection waits while the bytes arrive.
 */
@Injectable()
export class ReceiveUploadInterceptor implements NestInterceptor {
  constructor(private readonly documents: DocumentsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<UploadRequest>();
    return from(this.receive(request)).pipe(
      switchMap((upload) => {
        request[UPLOAD] = upload;
        return next.handle().pipe(finalize(() => void rm(upload.path, { force: true })));
      }),
    );
  }

  private async receive(request: FastifyRequest): Promise<ReceivedUpload> {
    if (!request.isMultipart()) throw DomainError.validation('file', 'send multipart/form-data with one part named file');
    try {
      const part = await request.file();
      if (part?.fieldname !== 'file') throw DomainError.validation('file', 'send one part named file');
      return await receiveUpload(part.file, part.filename, this.documents.receivingFolder);
    } catch (error) {
      throw refusalOf(error);
    }
  }
}

/** The handler's received upload (the route must be `@TransactionalUpload()`). */
export const Upload = createParamDecorator((_data: unknown, context: ExecutionContext): ReceivedUpload => {
  const upload = context.switchToHttp().getRequest<UploadRequest>()[UPLOAD];
  if (!upload) throw new Error('@Upload() used on a route that is not @TransactionalUpload()');
  return upload;
});

/**
 * What the client did wrong, from what went wrong while reading its upload: the multipart parser's
 * own errors (too large, too many parts, a broken form) and a stream the client cut off are 4xx;
 * only our own file system failing (it names a syscall) stays an internal error.
 */
function refusalOf(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const e = error as { code?: unknown; syscall?: unknown } | null;
  if (e?.code === 'FST_REQ_FILE_TOO_LARGE') return new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, 'a document is at most 20 MB');
  if (typeof e?.syscall === 'string' && e.code !== 'ECONNRESET') return error;
  return DomainError.validation('file', 'the upload could not be read as multipart/form-data with one part named file');
}
