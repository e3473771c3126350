import { Timeline, Typography } from 'antd';
import { api, ok } from '../api/client';
import { useT } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useLoad } from './hooks';
import { StatusTag } from './StatusTag';
import { DateTime } from './Time';

/**
 * An object's status history from the audit log (its entries, oldest first): when, by which role,
 * into which state, why. The audit log is read in scope, so whoever reads the object reads this.
 */
export function StatusHistory({ entityType, entityId }: { entityType: string; entityId: string }) {
  const t = useT();
  const entries = useLoad(
    () => ok(api.GET('/audit-log', { params: { query: { entityType, entityId, limit: 50 } } })).then((rows) => [...rows].reverse()),
    [entityType, entityId],
  );
  if (!entries.data?.length) return <>—</>;
  return (
    <Timeline
      data-testid="status-history"
      style={{ marginTop: 8, marginBottom: -16 }}
      items={entries.data.map((e) => ({
        key: e.id,
        content: (
          <div data-testid="status-history-entry">
            <DateTime iso={e.at} /> · {e.actorRole ? t(`role.${e.actorRole}` as MessageKey) : '—'}
            {e.toState && (
              <>
                {' '}
                · <StatusTag status={e.toState.split(':')[0]} />
              </>
            )}
            {e.reason && <Typography.Text type="secondary"> {e.reason}</Typography.Text>}
          </div>
        ),
      }))}
    />
  );
}
