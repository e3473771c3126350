import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@ivl/config';
import { ApiModule } from './api.module.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Fastify with the body limit and a request id taken from `x-request-id` or made fresh. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: false,
    genReqId: (req: IncomingMessage) => {
      const header = req.headers['x-request-id'];
      const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
      (req as { id?: string }).id = id; // pino-http reuses it, so logs and answers share one id
      return id;
    },
  });
}

/** Logging, the request-id header, shutdown hooks and the OpenAPI document at /docs and /docs-json. */
export function configureApiApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.getHttpAdapter().getInstance().addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Jinhua innovation-voucher ledger (金华创新券)')
      .setDescription('Issuance, redemption, claims, settlement and reconciliation of innovation vouchers. Amounts are integer fen.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), createFastifyAdapter(config), {
    bufferLogs: true,
  });
  return configureApiApp(app);
}
