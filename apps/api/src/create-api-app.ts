import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { LogController } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { DOCUMENT_MAX_BYTES } from '@ivl/documents';
import type { AppConfig } from '@ivl/config';
import { createPino, PinoLogger } from '@ivl/core';
import { exactJson } from '@ivl/ledger';
import { ApiModule } from './api.module.js';
import { depthLimitedJsonParser } from './common/json-body.parser.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The Swagger UI at /docs loads its own scripts and styles, writes inline styles and shows
 * data: images; it fetches only /docs-json. Nothing may frame it.
 */
const DOCS_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
};

/**
 * Fastify with the body limit, pino request logs, and a request id taken from `x-request-id`
 * or made fresh (logged with every line of the request and echoed in the answer).
 */
export function createFastifyAdapter(config: AppConfig): { adapter: FastifyAdapter; logger: PinoLogger } {
  const pino = createPino(config.log.level);
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: false,
    loggerInstance: pino,
    logController: new LogController({ disableRequestLogging: !config.log.requests, requestIdLogLabel: 'requestId' }),
    genReqId: (req: IncomingMessage) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
  });
  return { adapter, logger: new PinoLogger(pino) };
}

/**
 * The request-id header, shutdown hooks and the OpenAPI document at /docs-json and its UI at /docs.
 * The e2e tests leave the UI out: its static-file plugin is CommonJS requiring ESM packages, which
 * Jest on Node 20 cannot load (Node itself can); `.ci/run` checks /docs on the started service.
 */
export function configureApiApp(app: NestFastifyApplication, options: { docsUi?: boolean } = {}): NestFastifyApplication {
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser('application/json', {}, depthLimitedJsonParser(fastify));
  // Uploads (POST /documents) are read as a stream by the route, one file part, never buffered whole.
  void app.register(fastifyMultipart, { limits: { fileSize: DOCUMENT_MAX_BYTES + 1, files: 1, parts: 3, fields: 2, fieldSize: 1024 } });
  // Sums over several funds may pass 2^53: written as exact JSON integers, never rounded.
  fastify.setReplySerializer((payload) => exactJson(payload));
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    // Answers name people, money and bank accounts: no cache keeps them. The portal's static files set their own.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (request.url === '/docs' || request.url.startsWith('/docs/')) {
      for (const [name, value] of Object.entries(DOCS_HEADERS)) reply.header(name, value);
    }
  });
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json', swaggerUiEnabled: options.docsUi ?? true });
  return app;
}

/** The OpenAPI document of the app: served at /docs-json and written by tools/openapi.mjs for the portal's generated client. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Jinhua innovation-voucher ledger (金华创新券)')
      .setDescription('Issuance, redemption, claims, settlement and reconciliation of innovation vouchers. Amounts are integer fen.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const { adapter, logger } = createFastifyAdapter(config);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class but takes a plain object (its documented use)
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, { logger });
  return configureApiApp(app);
}
