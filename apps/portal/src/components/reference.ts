import { get } from '../api/client';
import type { Region } from '../api/types';

let regions: Promise<Region[]> | null = null;

/** Regions change rarely: loaded once per session (again after a new one is created). */
export function loadRegions(fresh = false): Promise<Region[]> {
  if (!regions || fresh) regions = get<Region[]>('/regions').catch((e: unknown) => ((regions = null), Promise.reject(e)));
  return regions;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

const cache = new Map<string, Promise<unknown>>();

/** Lists used to show names (programs, providers, enterprises, funds), loaded once per session. */
export function cached<T>(path: string, fresh = false): Promise<T> {
  if (fresh || !cache.has(path)) cache.set(path, get<T>(path).catch((e: unknown) => (cache.delete(path), Promise.reject(e))));
  return cache.get(path) as Promise<T>;
}

export function forgetCached(prefix: string): void {
  for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
}
