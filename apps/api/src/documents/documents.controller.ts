import { Controller, Get, Param, ParseUUIDPipe, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { DocumentsService, type ReceivedUpload } from '@ivl/documents';
import { OpenToApplicants } from '../common/auth.guard.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { TransactionalUpload, Tx } from '../common/transactional.js';
import { Upload } from '../common/upload.js';
import { DocumentResponse } from './dto/document.response.js';

@ApiTags('documents')
@ApiBearerAuth()
/** An applicant uploads its registration's documents and reads them back before its approval. */
@OpenToApplicants()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** One file (part `file`, ≤ 20 MB; PDF, OFD, JPEG, PNG or XML by content); unattached, it is removed after a day. */
  @Post()
  @TransactionalUpload()
  @ApiCreatedResponse({ type: DocumentResponse })
  async upload(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Upload() upload: ReceivedUpload): Promise<DocumentResponse> {
    return DocumentResponse.from(await this.documents.store(manager, actor, upload));
  }

  @Get(':id')
  @ApiOkResponse({ type: DocumentResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<DocumentResponse> {
    return DocumentResponse.from(await this.documents.get(actor, id));
  }

  /** The bytes, with their content type, always as an attachment (a browser never runs or renders it in our origin). */
  @Get(':id/content')
  @ApiProduces('application/pdf', 'application/ofd', 'image/jpeg', 'image/png', 'application/xml')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async content(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { document, body } = await this.documents.content(actor, id);
    void reply.header('content-security-policy', "default-src 'none'; sandbox");
    return new StreamableFile(body, { type: document.contentType, length: document.size, disposition: attachment(document.name) });
  }
}

/** `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987), so 营业执照.pdf arrives as itself. */
export function attachment(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
