import { api, ok } from '../api/client';
import type { Region } from '../api/models';

let regions: Promise<Region[]> | null = null;

/** Regions change rarely: loaded once per session (again after a new one is created). */
export function loadRegions(fresh = false): Promise<Region[]> {
  if (!regions || fresh)
    regions = ok(api.GET('/regions')).catch((e: unknown) => {
      regions = null;
      throw e;
    });
  return regions;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** The lists used to show names (programs, providers, enterprises, funds). */
const LISTS = {
  programs: () => ok(api.GET('/programs')),
  providers: () => ok(api.GET('/providers', { params: { query: { limit: 1000 } } })),
  enterprises: () => ok(api.GET('/enterprises', { params: { query: { limit: 1000 } } })),
  funds: () => ok(api.GET('/funds')),
};
/** The name of a list kept for the session. */
export type NameList = keyof typeof LISTS;
type ListOf<K extends NameList> = Awaited<ReturnType<(typeof LISTS)[K]>>;

const cache = new Map<NameList, Promise<unknown>>();

/** A list used to show names, loaded once per session. */
export function cached<K extends NameList>(list: K, fresh = false): Promise<ListOf<K>> {
  if (fresh || !cache.has(list))
    cache.set(
      list,
      LISTS[list]().catch((e: unknown) => {
        cache.delete(list);
        throw e;
      }),
    );
  return cache.get(list) as Promise<ListOf<K>>;
}

/** Loads the list again next time (after a change to it). */
export function forgetCached(list: NameList): void {
  cache.delete(list);
}
