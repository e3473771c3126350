import { Select } from 'antd';
import { useT } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/**
 * The status filter above a list (data-testid="filter-status"): one option per status, cleared for all.
 * `words`: the message prefix of the statuses' names (a user is 正常/已停用, not 有效).
 */
export function StatusFilter<S extends string>({
  statuses,
  value,
  onChange,
  width = 130,
  words = 'status',
}: {
  statuses: readonly S[];
  value?: S;
  onChange: (value?: S) => void;
  width?: number;
  words?: 'status' | 'users.status';
}) {
  const t = useT();
  return (
    <Select<S>
      data-testid="filter-status"
      allowClear
      placeholder={t('common.status')}
      style={{ width }}
      value={value}
      onChange={(v) => {
        onChange(v);
      }}
      options={statuses.map((s) => ({ value: s, label: t(`${words}.${s}` as MessageKey) }))}
    />
  );
}
