import { Button, Input, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, okPage } from '../../api/client';
import { ROLES, type AuditEntry, type Role } from '../../api/models';
import { useUser } from '../../auth/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { DateTime } from '../../components/Time';
import { STATUS_TERMS, type StatusObject, type Term } from '@ivl/rules';
import { useI18n, type T } from '../../i18n/i18n';
import type { Lang } from '../../lib/rule-words';
import type { MessageKey } from '../../i18n/messages';

const PAGE = 50;
const ROLE_SET = new Set<string>(ROLES);
/** The kinds of object the log records (libs' AuditService.record calls), for the type filter. */
const ENTITY_TYPES = [
  'application',
  'voucher',
  'redemption',
  'claim',
  'settlement_batch',
  'settlement_run',
  'clawback',
  'program',
  'fund',
  'enterprise',
  'provider',
  'registration',
  'objection',
  'order',
  'service',
  'complex',
  'region',
  'user',
  'risk_signal',
  'risk_scan',
  'audit_sample',
];

/** A message by a key built at run time, or null when the portal has no words for it (never the raw code). */
function known(t: T, key: string): string | null {
  const words = t(key as MessageKey);
  return words === key ? null : words;
}

/** Who: the office (region's bureau by role, or the provider/enterprise) and the user, 「婺城区科技局 张三」. */
export function actorInWords(e: AuditEntry, t: T): string {
  if (!e.actorRole || !ROLE_SET.has(e.actorRole)) return t('audit.system');
  const role = e.actorRole as Role;
  const region = e.actorRegionName;
  const office =
    role === 'finance' && region
      ? t('audit.office.finance', { region })
      : (role === 'city_admin' || role === 'county_officer') && region
        ? t('audit.office.tech', { region })
        : role === 'auditor' && region
          ? t('audit.office.audit', { region })
          : (e.actorOrgName ?? t(`role.${role}`));
  return e.actorName ? `${office} ${e.actorName}` : office;
}

/** The glossary's status words of each kind of object the log records (a batch's `approved` is 已审核…). */
const STATUS_OF: Record<string, StatusObject> = {
  voucher: 'voucher',
  application: 'application',
  redemption: 'redemption',
  claim: 'claim',
  settlement_batch: 'batch',
  provider: 'provider',
  registration: 'registration',
  order: 'order',
  service: 'service',
  clawback: 'clawback',
  program: 'program',
  user: 'user',
  risk_signal: 'riskSignal',
  objection: 'objection',
  settlement_run: 'settlementRun',
  risk_scan: 'settlementRun',
};

/** A state in words: the object's status (glossary), an application's stage, a user's role. */
export function stateInWords(entityType: string, s: string | null, t: T, lang: Lang): string {
  if (s === null) return t('audit.none');
  const object = STATUS_OF[entityType] as StatusObject | undefined;
  const terms: Readonly<Record<string, Term>> | undefined = object ? STATUS_TERMS[object] : undefined;
  const term = terms && Object.prototype.hasOwnProperty.call(terms, s) ? terms[s] : undefined;
  if (term) return lang === 'zh-CN' ? term.zh : term.en;
  return known(t, `audit.state.${s}`) ?? known(t, `status.${s}`) ?? known(t, `role.${s}`) ?? s;
}

/** Did what: the verb for this action on this kind of object. */
export function actionInWords(e: AuditEntry, t: T): string {
  return known(t, `audit.action.${e.action}`) ?? e.action;
}

/** The audit log in words, filtered by entity type and id; paged backwards with `beforeId`; `screenOf`: where an object links (nav.tsx). */
export function AuditLogPage({ screenOf }: { screenOf?: (role: Role, entityType: string) => { path: string } | undefined }) {
  const { t, lang } = useI18n();
  const { role } = useUser();
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
          <Select
            data-testid="audit-entity-type"
            aria-label={t('audit.entityType')}
            placeholder={t('audit.entityType')}
            allowClear
            value={draft.entityType}
            options={ENTITY_TYPES.map((type) => ({ value: type, label: t(`audit.entity.${type}` as MessageKey) }))}
            onChange={(v: string | undefined) => {
              setDraft({ ...draft, entityType: v });
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
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (v: string) => <DateTime iso={v} /> },
          { title: t('audit.actor'), key: 'actor', render: (_: unknown, e) => <span data-testid="audit-actor">{actorInWords(e, t)}</span> },
          {
            title: t('audit.what'),
            key: 'action',
            render: (_: unknown, e) => <span data-testid="audit-action">{actionInWords(e, t)}</span>,
          },
          {
            title: t('audit.object'),
            key: 'object',
            render: (_: unknown, e) => {
              const type = known(t, `audit.entity.${e.entityType}`) ?? t('audit.object');
              const name = e.entityName ?? t('audit.none');
              const screen = screenOf?.(role, e.entityType);
              return (
                <Space size={4} data-testid="audit-object" data-entity-type={e.entityType} data-entity-id={e.entityId}>
                  <Typography.Text type="secondary">{type}</Typography.Text>
                  {screen ? (
                    <Link to={`${screen.path}?open=${encodeURIComponent(e.entityId)}`} title={t('audit.openObject', { type })}>
                      {name}
                    </Link>
                  ) : (
                    <span>{name}</span>
                  )}
                  <a
                    data-testid="audit-object-history"
                    title={t('audit.objectHistory')}
                    onClick={() => {
                      setDraft({ entityType: e.entityType, entityId: e.entityId });
                      setFilter({ entityType: e.entityType, entityId: e.entityId });
                    }}
                  >
                    {t('audit.objectHistory')}
                  </a>
                </Space>
              );
            },
          },
          {
            title: t('audit.transition'),
            key: 'tr',
            render: (_: unknown, e) =>
              e.fromState || e.toState ? (
                <span data-testid="audit-transition">{`${stateInWords(e.entityType, e.fromState, t, lang)} → ${stateInWords(e.entityType, e.toState, t, lang)}`}</span>
              ) : (
                '—'
              ),
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
