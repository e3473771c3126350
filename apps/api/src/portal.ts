import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@ivl/config';

/** dist/portal, next to dist/apps/api/src/portal.js: found from the compiled file, not the working directory. */
const PORTAL_DIR = fileURLToPath(new URL('../../../portal/', import.meta.url));

/**
 * The portal runs only its own bundles and talks only to this origin. Ant Design writes its styles
 * into <style> elements at run time, hence 'unsafe-inline' for styles (not for scripts); QR codes are
 * blob: images, evidence previews blob: images and PDF frames. Framing of the portal itself is refused (no clickjacking of the finance screens).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; frame-src blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * Serves the built web portal (apps/portal → dist/portal): GET / answers index.html, /assets/*
 * the hashed bundles. `wildcard: false` registers one route per file found at start, so the
 * portal never shadows an API route; the SPA routes with a hash (`/#/vouchers`) for the same reason.
 */
export async function mountPortal(app: NestFastifyApplication, _config: AppConfig): Promise<void> {
  const logger = new Logger('Portal');
  if (!existsSync(`${PORTAL_DIR}index.html`)) {
    logger.warn(`no built portal at ${PORTAL_DIR} (run npm run build); serving the API only`);
    return;
  }
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: PORTAL_DIR,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
    // Swagger registers @fastify/static too: only one may decorate the reply.
    decorateReply: false,
    cacheControl: false,
    // The build writes .br and .gz beside each bundle; the best one the browser accepts is sent.
    preCompressed: true,
    setHeaders: (reply, path) => {
      // Bundles under /assets carry a content hash in their names; index.html must always be fresh.
      if (path.includes(`${PORTAL_DIR}assets/`)) void reply.header('cache-control', 'public, max-age=31536000, immutable');
      else void reply.header('cache-control', 'no-cache');
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) void reply.header(name, value);
    },
  });
}
