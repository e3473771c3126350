import { Select, type SelectProps } from 'antd';
import type { Region } from '../api/models';
import { useLoad } from './hooks';
import { loadRegions } from './reference';

export function useRegions(): Region[] {
  return useLoad(() => loadRegions(), []).data ?? [];
}

export function RegionName({ code }: { code: string | null | undefined }) {
  const regions = useRegions();
  if (!code) return <>—</>;
  const r = regions.find((x) => x.code === code);
  return <span title={code}>{r ? r.name : code}</span>;
}

/** Region picker; `only` limits it to some codes (e.g. a regional user's own). */
export function RegionSelect({ only, ...props }: SelectProps & { only?: string[] }) {
  const regions = useRegions();
  const options = regions.filter((r) => !only || only.includes(r.code)).map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }));
  return <Select showSearch={{ optionFilterProp: 'label' }} options={options} style={{ minWidth: 180 }} {...props} />;
}
