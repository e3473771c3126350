import { Tag } from 'antd';
import { useT } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

const COLORS: Record<string, string> = {
  active: 'green',
  approved: 'green',
  confirmed: 'green',
  paid: 'green',
  completed: 'green',
  submitted: 'blue',
  pending: 'gold',
  draft: 'default',
  waiting: 'default',
  exhausted: 'default',
  expired: 'default',
  cancelled: 'default',
  revoked: 'red',
  rejected: 'red',
  returned: 'orange',
  suspended: 'orange',
  blacklisted: 'red',
  failed: 'red',
  recoverable: 'volcano',
  recovered: 'green',
  refused: 'red',
  open: 'gold',
  upheld: 'red',
  dismissed: 'default',
};

/** A state as a coloured tag (data-status for tests); `label` when the object has words of its own for it. */
export function StatusTag({ status, label }: { status: string; label?: string }) {
  const t = useT();
  return (
    <Tag color={COLORS[status] ?? 'default'} data-status={status}>
      {label ?? t(`status.${status}` as MessageKey)}
    </Tag>
  );
}
