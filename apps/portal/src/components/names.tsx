import type { Enterprise, Fund, Program, Provider } from '../api/types';
import { useLoad } from './hooks';
import { cached } from './reference';

function useMap<T extends { id: string }>(path: string | null): Map<string, T> {
  const { data } = useLoad(() => (path ? cached<T[]>(path).catch(() => [] as T[]) : Promise.resolve([] as T[])), [path]);
  return new Map((data ?? []).map((x) => [x.id, x]));
}

/** Every program (GET /programs takes no paging). */
export const usePrograms = () => useMap<Program>('/programs');
export const useProviders = () => useMap<Provider>('/providers?limit=1000');
export const useEnterprises = (enabled = true) => useMap<Enterprise>(enabled ? '/enterprises?limit=1000' : null);
export const useFunds = (enabled = true) => useMap<Fund>(enabled ? '/funds' : null);

export function NameOf({ map, id }: { map: Map<string, { name: string }>; id: string | null | undefined }) {
  if (!id) return <>—</>;
  return <span title={id}>{map.get(id)?.name ?? `${id.slice(0, 8)}…`}</span>;
}
