import { Button, Input, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, okPage } from '../../api/client';
import { ROLES, type AuditEntry } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';

const PAGE = 50;
/** Roles with a name; anything else (the system) is shown as the API says it. */
const ROLE_SET = Object.fromEntries(ROLES.map((r) => [r, true]));

/** The audit log, filtered by entity type and id; paged backwards with `beforeId`. */
export function AuditLogPage() {
  const t = useT();
  // A link from another screen (a risk signal's redemption) opens the log filtered: ?entityType=&entityId=
  const [params] = useSearchParams();
  const linked = { entityType: params.get('entityType') ?? undefined, entityId: params.get('entityId') ?? undefined };
  const [filter, setFilter] = useState<{ entityType?: string; entityId?: string; q?: string }>(linked);
  const [draft, setDraft] = useState<{ entityType?: string; entityId?: string; q?: string }>(linked);
  const [total, setTotal] = useState<number>();
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [more, setMore] = useState(false);

  const load = async (beforeId?: string) => {
    setLoading(true);
    setError(undefined);
    try {
      const { items: page, total: matching } = await okPage(
        api.GET('/audit-log', { params: { query: { ...filter, limit: PAGE, beforeId } } }),
      );
      setRows((r) => (beforeId ? [...r, ...page] : page));
      setTotal(matching);
      setMore(page.length === PAGE);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps, react-hooks/set-state-in-effect -- reload on a new filter only; load marks itself loading
  useEffect(() => void load(), [filter]);

  return (
    <Page
      title={t('menu.auditLog')}
      testId="page-audit-log"
      extra={
        <Space wrap>
          <Input
            data-testid="audit-entity-type"
            aria-label={t('audit.entityType')}
            placeholder={t('audit.entityType')}
            allowClear
            value={draft.entityType}
            onChange={(e) => {
              setDraft({ ...draft, entityType: e.target.value || undefined });
            }}
            style={{ width: 160 }}
          />
          <Input
            data-testid="audit-entity-id"
            aria-label={t('audit.entityId')}
            placeholder={t('audit.entityId')}
            allowClear
            value={draft.entityId}
            onChange={(e) => {
              setDraft({ ...draft, entityId: e.target.value.trim() || undefined });
            }}
            style={{ width: 280 }}
          />
          <Input
            data-testid="audit-q"
            aria-label={t('common.search')}
            placeholder={t('search.auditLog')}
            allowClear
            maxLength={200}
            value={draft.q}
            onChange={(e) => {
              setDraft({ ...draft, q: e.target.value.trim() || undefined });
            }}
            onPressEnter={() => {
              setFilter(draft);
            }}
            style={{ width: 240 }}
          />
          <Button
            data-testid="audit-search"
            type="primary"
            onClick={() => {
              setFilter(draft);
            }}
          >
            {t('common.search')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={error} />
      <Table<AuditEntry>
        data-testid="audit-table"
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (e) => <Typography.Text code>{JSON.stringify(e.data)}</Typography.Text>,
          rowExpandable: (e) => e.data !== null,
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (v: string) => <DateTime iso={v} /> },
          {
            title: t('audit.actor'),
            key: 'actor',
            render: (_: unknown, e) =>
              e.actorRole ? (e.actorRole in ROLE_SET ? t(`role.${e.actorRole}` as 'role.auditor') : e.actorRole) : '—',
          },
          { title: t('audit.entityType'), dataIndex: 'entityType' },
          {
            title: t('audit.entityId'),
            dataIndex: 'entityId',
            render: (v: string) => (
              <a
                onClick={() => {
                  setDraft({ entityId: v });
                  setFilter({ entityId: v });
                }}
              >
                {v}
              </a>
            ),
          },
          { title: t('audit.action'), dataIndex: 'action' },
          {
            title: t('audit.transition'),
            key: 'tr',
            render: (_: unknown, e) => (e.fromState || e.toState ? `${e.fromState ?? '∅'} → ${e.toState ?? '∅'}` : '—'),
          },
          { title: t('common.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
        ]}
      />
      {total !== undefined && (
        <Typography.Paragraph type="secondary" data-testid="page-total" style={{ marginTop: 12 }}>
          {t('common.totalCount', { n: total })}
        </Typography.Paragraph>
      )}
      {more && (
        <Button data-testid="audit-more" style={{ marginTop: 12 }} loading={loading} onClick={() => void load(rows[rows.length - 1]?.id)}>
          {t('audit.more')}
        </Button>
      )}
    </Page>
  );
}
