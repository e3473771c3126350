/**
 * Environment every service process (API, worker) is started with, unless the caller's own
 * environment says otherwise. It must be set before the process starts: glibc reads it at start-up.
 *
 * MALLOC_ARENA_MAX=2: glibc gives each thread that allocates (libuv's pool running argon2 and
 * crypto, V8's helper threads) an arena of its own, and freed memory stays in them. Measured under
 * the redemption benchmark (64 connections, 30 s): API peak RSS 337 MB with glibc's default (8 × cores
 * arenas), 245 MB with 2, at the same throughput (docs/benchmarks.md).
 */
export const SERVICE_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/** `env` with the service defaults filled in where it has no value of its own. */
export function withServiceDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...SERVICE_PROCESS_ENV, ...env };
}

/**
 * `npm start` is the development command: without a NODE_ENV of its own it runs the services as
 * development (where the config accepts the development secrets); an explicit NODE_ENV is kept.
 */
export function withDevelopmentDefault(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; defaulted: boolean } {
  if (env.NODE_ENV) return { env, defaulted: false };
  return { env: { ...env, NODE_ENV: 'development' }, defaulted: true };
}
