import { useLoad } from './hooks';
import { cached, type NameList } from './reference';

function useMap<K extends NameList>(list: K | null): Map<string, Awaited<ReturnType<typeof cached<K>>>[number]> {
  const { data } = useLoad(() => (list ? cached(list).catch(() => []) : Promise.resolve([])), [list]);
  return new Map((data ?? []).map((x) => [x.id, x]));
}

/** Every program (GET /programs takes no paging). */
export const usePrograms = () => useMap('programs');
export const useProviders = () => useMap('providers');
export const useEnterprises = (enabled = true) => useMap(enabled ? 'enterprises' : null);
export const useFunds = (enabled = true) => useMap(enabled ? 'funds' : null);

export function NameOf({ map, id }: { map: Map<string, { name: string }>; id: string | null | undefined }) {
  if (!id) return <>—</>;
  return <span title={id}>{map.get(id)?.name ?? `${id.slice(0, 8)}…`}</span>;
}
