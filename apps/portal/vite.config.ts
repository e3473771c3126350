import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.PORTAL_API ?? 'http://localhost:3000';

// The SPA routes with a hash (`/#/vouchers`), so the API's own paths never collide with it;
// the dev server proxies every API path to a running API.
const apiPaths = [
  '/auth', '/users', '/regions', '/complexes', '/providers', '/enterprises', '/funds', '/programs', '/applications',
  '/vouchers', '/redemptions', '/claims', '/settlements', '/reconciliation', '/ledger', '/audit-log', '/audit', '/dashboard', '/health',
];

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/portal', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
  },
  server: { port: 5173, proxy: Object.fromEntries(apiPaths.map((p) => [p, { target: api, changeOrigin: true }])) },
});
