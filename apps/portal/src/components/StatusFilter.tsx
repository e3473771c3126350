import { Select } from 'antd';
import { useT } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** The status filter above a list (data-testid="filter-status"): one option per status, cleared for all. */
export function StatusFilter<S extends string>({ statuses, value, onChange, width = 130 }: { statuses: readonly S[]; value?: S; onChange: (value?: S) => void; width?: number }) {
  const t = useT();
  return (
    <Select<S>
      data-testid="filter-status"
      allowClear
      placeholder={t('common.status')}
      style={{ width }}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={statuses.map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }))}
    />
  );
}
