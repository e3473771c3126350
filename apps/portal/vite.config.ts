import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.PORTAL_API ?? 'http://localhost:3000';

// The SPA routes with a hash (`/#/vouchers`), so the API's own paths never collide with it;
// the dev server proxies every API path to a running API.
const apiPaths = [
  '/auth',
  '/users',
  '/regions',
  '/complexes',
  '/providers',
  '/enterprises',
  '/funds',
  '/programs',
  '/applications',
  '/vouchers',
  '/redemptions',
  '/claims',
  '/settlements',
  '/reconciliation',
  '/ledger',
  '/audit-log',
  '/audit',
  '/dashboard',
  '/health',
];

const outDir = fileURLToPath(new URL('../../dist/portal', import.meta.url));

/**
 * Writes a .br and a .gz beside every text asset of the build, once, at maximum compression, so the
 * API serves them as they are (@fastify/static preCompressed) instead of compressing per request:
 * the 1.4 MB entry bundle goes over the wire at about a quarter of that.
 */
function precompress(): Plugin {
  return {
    name: 'ivl-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
      for (const file of walk(outDir).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress()],
  // The one browser-safe lib the portal shares with the server: the pure rules (money, subsidy, voucher codes).
  resolve: { alias: { '@ivl/rules': fileURLToPath(new URL('../../libs/rules/src/index.ts', import.meta.url)) } },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
  },
  server: { port: 5173, proxy: Object.fromEntries(apiPaths.map((p) => [p, { target: api, changeOrigin: true }])) },
});
