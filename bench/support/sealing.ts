import pg from 'pg';
import { SEALER_LOCK } from '@ivl/chain';
import { databaseUrl } from './db.js';

/**
 * How far sealing (job ledger.seal, libs/chain) is behind: the age of the first ledger transaction
 * the sealer has still to seal, in its order (created_xid), in seconds; 0 when everything is sealed.
 * One index probe, so sampling it every second costs the measured load nothing worth counting.
 */
const LAG_SQL = `SELECT coalesce((SELECT extract(epoch FROM clock_timestamp() - t.at)::float
     FROM ledger_transactions t
    WHERE t.created_xid > coalesce((SELECT row_xid FROM chain_seals ORDER BY sequence DESC LIMIT 1), '0'::xid8)
    ORDER BY t.created_xid, t.id LIMIT 1), 0) AS lag`;

async function connect(name: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  return client;
}

/** Pauses the worker's sealer (it finds its lock taken and skips its runs) until `release()`. */
export async function pauseSealer(name: string): Promise<{ release(): Promise<void> }> {
  const client = await connect(name);
  await client.query('SELECT pg_advisory_lock($1)', [SEALER_LOCK]);
  return {
    release: async () => {
      await client.query('SELECT pg_advisory_unlock($1)', [SEALER_LOCK]);
      await client.end();
    },
  };
}

export async function sealingLag(name: string): Promise<number> {
  const client = await connect(name);
  try {
    return (await client.query<{ lag: number }>(LAG_SQL)).rows[0].lag;
  } finally {
    await client.end();
  }
}

/** Waits (bounded) until the sealer has caught up; answers the seconds it took. */
export async function waitUntilSealed(name: string, timeoutSeconds: number): Promise<number> {
  const started = Date.now();
  const client = await connect(name);
  try {
    while ((await client.query<{ lag: number }>(LAG_SQL)).rows[0].lag > 0) {
      if (Date.now() - started > timeoutSeconds * 1000) throw new Error(`sealing did not catch up within ${timeoutSeconds} s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await client.end();
  }
  return Math.round((Date.now() - started) / 100) / 10;
}

/** Samples the lag once a second until `stop()`, which answers the largest seen. */
export async function sampleLag(name: string): Promise<{ stop(): Promise<number> }> {
  const client = await connect(name);
  let max = 0;
  const state = { running: true };
  const loop = (async () => {
    while (state.running) {
      max = Math.max(max, (await client.query<{ lag: number }>(LAG_SQL)).rows[0].lag);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return {
    stop: async () => {
      state.running = false;
      await loop;
      await client.end();
      return Math.round(max * 10) / 10;
    },
  };
}
