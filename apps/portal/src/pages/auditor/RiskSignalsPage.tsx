import { App, Button, Descriptions, Select, Space, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, ok } from '../../api/client';
import { RISK_KINDS, RISK_SEVERITIES, RISK_STATUSES, type RiskSignal } from '../../api/models';
import { useAuth } from '../../auth/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction, useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { NameOf, useEnterprises, usePrograms, useProviders } from '../../components/names';
import { Page } from '../../components/Page';
import { PeriodInput } from '../../components/PeriodInput';
import { TextPrompt } from '../../components/prompt';
import { RegionName, RegionSelect } from '../../components/regions';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT, type T } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { previousPeriod } from '../../lib/period';
import { currentPeriod } from '../../lib/time';

const PAGE = 20;
const SEVERITY_COLORS = { high: 'red', medium: 'orange', low: 'blue' } as const;
interface EvidenceRedemption {
  id: string;
  providerId: string;
  enterpriseId: string;
  orderAmount: number;
  subsidy: number;
  heldAt: string;
  confirmedAt: string;
  secondsToConfirm: number;
}
interface EvidenceClaim {
  claimId: string;
  documentId: string;
  fileName: string;
  providerId: string;
  amount: number;
  invoiceNumber: string;
  submittedAt: string;
}
interface SharedTrait {
  trait: string;
  value: string;
  a: string;
  b: string;
}

const yuan = (fen: unknown) => (Number(fen) / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
/** The object's history in the audit log: the page auditors have for a redemption or a claim. */
const historyOf = (entityType: string, id: string) => `#/audit-log?entityType=${entityType}&entityId=${id}`;

/** The evidence in one line, in the reader's words. */
function summary(t: T, s: RiskSignal): string {
  const e = s.evidence;
  const ids = (e.redemptionIds as string[] | undefined) ?? [];
  switch (s.kind) {
    case 'HIDDEN_RELATION':
      return ((e.shared as SharedTrait[] | undefined) ?? [])
        .map((x) => t('risk.ev.shared', { trait: t(`risk.trait.${x.trait}` as MessageKey), a: x.a, b: x.b }))
        .join('；');
    case 'SPLIT_ORDERS':
      return t('risk.ev.split', { n: Number(e.mostWithin7Days), cap: yuan(e.fullCoverageUpTo) });
    case 'INSTANT_CONFIRMATION':
      return t('risk.ev.instant', { n: ids.length, s: Number(e.withinSeconds) });
    case 'SAME_AMOUNTS':
      return t('risk.ev.same', { amount: yuan(e.orderAmount), k: Number(e.repeats), n: Number(e.providerRedemptions) });
    case 'CONCENTRATION':
      return e.rule === 'programShare'
        ? t('risk.ev.programShare', { share: Number(e.shareBp) / 100, k: Number(e.redemptionsAtProvider), n: Number(e.programRedemptions) })
        : t('risk.ev.singleProvider', { n: Number(e.count) });
    case 'DUPLICATE_EVIDENCE':
      return t('risk.ev.duplicate', { hash: String(e.sha256).slice(0, 12), n: ((e.claims as unknown[] | undefined) ?? []).length });
  }
}

/** The auditor's queue of risk signals (风险线索): filters, a scan on demand, evidence with links, and decisions. */
export function RiskSignalsPage() {
  const t = useT();
  const { user } = useAuth();
  const { message } = App.useApp();
  const act = useAction();
  const providers = useProviders();
  const enterprises = useEnterprises();
  const programs = usePrograms();
  const [filter, setFilter] = useState<{ regionCode?: string; period?: string; kind?: string; severity?: string; status?: string }>({
    period: previousPeriod(currentPeriod()),
    status: 'open',
  });
  const [page, setPage] = useState(0);
  const [reload, setReload] = useState(0);
  const [scanning, setScanning] = useState(false);
  const [deciding, setDeciding] = useState<{ id: string; decision: 'dismiss' | 'confirm' }>();
  const isAuditor = user?.role === 'auditor';
  const mayScan = user?.role === 'auditor' || user?.role === 'city_admin';
  const { data, loading, error } = useLoad(
    () =>
      ok(
        api.GET('/risk/signals', {
          params: { query: { ...(filter as Record<string, string>), limit: PAGE, offset: page * PAGE } as never },
        }),
      ),
    [JSON.stringify(filter), page, reload],
  );
  const change = (patch: Partial<typeof filter>) => {
    setFilter({ ...filter, ...patch });
    setPage(0);
  };

  const scan = async () => {
    const { regionCode, period } = filter;
    if (!regionCode || !period) {
      void message.warning(t('risk.scanNeeds'));
      return;
    }
    setScanning(true);
    try {
      const started = await act(() => ok(api.POST('/risk/scans', { body: { regionCode, period } })), t('risk.scanning'));
      if (!started) return;
      for (;;) {
        await new Promise((r) => setTimeout(r, 500));
        const scanState = await ok(api.GET('/risk/scans/{jobId}', { params: { path: { jobId: started.jobId } } }));
        if (scanState.state === 'completed') {
          void message.success(t('risk.scanDone', { n: scanState.signals ?? 0, m: scanState.newSignals ?? 0 }));
          break;
        }
        if (scanState.state === 'failed') {
          void message.error(t('risk.scanFailed', { error: scanState.error ?? '' }));
          break;
        }
      }
      setReload((n) => n + 1);
    } finally {
      setScanning(false);
    }
  };

  const party = (label: MessageKey, node: ReactNode) => (
    <div>
      <Typography.Text type="secondary">{t(label)}：</Typography.Text>
      {node}
    </div>
  );
  const providerLink = (id: string) => (
    <a href={`#/directory/${id}`} data-testid="risk-provider-link">
      <NameOf map={providers} id={id} />
    </a>
  );
  const subject = (s: RiskSignal) => {
    const x = s.subject as Record<string, unknown>;
    const many = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
    return (
      <Space orientation="vertical" size={0}>
        {typeof x.providerId === 'string' && party('risk.subject.provider', providerLink(x.providerId))}
        {many(x.providerIds).map((id) => (
          <div key={id}>{party('risk.subject.provider', providerLink(id))}</div>
        ))}
        {typeof x.enterpriseId === 'string' && party('risk.subject.enterprise', <NameOf map={enterprises} id={x.enterpriseId} />)}
        {many(x.enterpriseIds).map((id) => (
          <div key={id}>{party('risk.subject.enterprise', <NameOf map={enterprises} id={id} />)}</div>
        ))}
        {typeof x.programId === 'string' && party('risk.subject.program', <NameOf map={programs} id={x.programId} />)}
      </Space>
    );
  };

  const details = (s: RiskSignal) => {
    const e = s.evidence;
    const redemptions = (e.redemptions as EvidenceRedemption[] | undefined) ?? [];
    const claims = (e.claims as EvidenceClaim[] | undefined) ?? [];
    const ids = (e.redemptionIds as string[] | undefined) ?? [];
    return (
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="risk-evidence">
        <Typography.Text>{summary(t, s)}</Typography.Text>
        {s.status !== 'open' && (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('risk.decision')}>
              <StatusTag status={s.status} label={t(`risk.status.${s.status}`)} /> {s.reason} <DateTime iso={s.decidedAt} />
            </Descriptions.Item>
          </Descriptions>
        )}
        {redemptions.length > 0 ? (
          <Table<EvidenceRedemption>
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 'max-content' }}
            title={() => t('risk.ev.redemptions')}
            dataSource={redemptions}
            columns={[
              {
                title: t('common.id'),
                dataIndex: 'id',
                render: (id: string) => (
                  <a href={historyOf('redemption', id)} data-testid="risk-redemption-link">
                    {id.slice(0, 8)}
                  </a>
                ),
              },
              { title: t('redemption.provider'), dataIndex: 'providerId', render: (id: string) => providerLink(id) },
              { title: t('review.enterprise'), dataIndex: 'enterpriseId', render: (id: string) => <NameOf map={enterprises} id={id} /> },
              { title: t('redemption.order'), dataIndex: 'orderAmount', align: 'right', render: (v: number) => <Money fen={v} /> },
              { title: t('redemption.subsidy'), dataIndex: 'subsidy', align: 'right', render: (v: number) => <Money fen={v} /> },
              { title: t('risk.ev.heldAt'), dataIndex: 'heldAt', render: (v: string) => <DateTime iso={v} /> },
              { title: t('status.confirmed'), dataIndex: 'confirmedAt', render: (v: string) => <DateTime iso={v} /> },
              { title: t('risk.ev.seconds'), dataIndex: 'secondsToConfirm', align: 'right' },
            ]}
          />
        ) : (
          ids.length > 0 && (
            <Space wrap>
              {t('risk.ev.redemptions')}：
              {ids.map((id) => (
                <a key={id} href={historyOf('redemption', id)} data-testid="risk-redemption-link">
                  {id.slice(0, 8)}
                </a>
              ))}
            </Space>
          )
        )}
        {claims.length > 0 && (
          <Table<EvidenceClaim>
            size="small"
            rowKey="claimId"
            pagination={false}
            scroll={{ x: 'max-content' }}
            title={() => t('risk.ev.claims')}
            dataSource={claims}
            columns={[
              {
                title: t('common.id'),
                dataIndex: 'claimId',
                render: (id: string) => (
                  <a href={historyOf('claim', id)} data-testid="risk-claim-link">
                    {id.slice(0, 8)}
                  </a>
                ),
              },
              { title: t('redemption.provider'), dataIndex: 'providerId', render: (id: string) => providerLink(id) },
              { title: t('claim.invoiceNumber'), dataIndex: 'invoiceNumber' },
              { title: t('risk.ev.file'), dataIndex: 'fileName' },
              { title: t('redemption.subsidy'), dataIndex: 'amount', align: 'right', render: (v: number) => <Money fen={v} /> },
              { title: t('common.createdAt'), dataIndex: 'submittedAt', render: (v: string) => <DateTime iso={v} /> },
            ]}
          />
        )}
      </Space>
    );
  };

  const options = <V extends string>(values: readonly V[], key: (v: V) => MessageKey) =>
    values.map((v) => ({ value: v, label: t(key(v)) }));
  return (
    <Page
      title={t('menu.risk')}
      testId="page-risk"
      extra={
        mayScan && (
          <Button data-testid="risk-scan" type="primary" loading={scanning} onClick={() => void scan()}>
            {t('risk.scan')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <RegionSelect
          data-testid="risk-region"
          allowClear
          placeholder={t('common.region')}
          style={{ width: 160 }}
          value={filter.regionCode}
          onChange={(v?: string) => {
            change({ regionCode: v });
          }}
        />
        <PeriodInput
          testId="risk-period"
          value={filter.period}
          onChange={(v?: string) => {
            change({ period: v });
          }}
        />
        <Select
          data-testid="risk-kind"
          allowClear
          placeholder={t('risk.kind')}
          style={{ width: 140 }}
          value={filter.kind}
          options={options(RISK_KINDS, (k) => `risk.kind.${k}`)}
          onChange={(v?: string) => {
            change({ kind: v });
          }}
        />
        <Select
          data-testid="risk-severity"
          allowClear
          placeholder={t('risk.severity')}
          style={{ width: 110 }}
          value={filter.severity}
          options={options(RISK_SEVERITIES, (k) => `risk.severity.${k}`)}
          onChange={(v?: string) => {
            change({ severity: v });
          }}
        />
        <Select
          data-testid="risk-status"
          allowClear
          placeholder={t('common.status')}
          style={{ width: 110 }}
          value={filter.status}
          options={options(RISK_STATUSES, (k) => `risk.status.${k}`)}
          onChange={(v?: string) => {
            change({ status: v });
          }}
        />
      </Space>
      <ErrorAlert error={error} />
      <Table<RiskSignal>
        data-testid="risk-table"
        rowKey="id"
        size="middle"
        loading={loading}
        scroll={{ x: 'max-content' }}
        dataSource={data?.items ?? []}
        expandable={{ expandedRowRender: details }}
        onRow={(s) => ({ 'data-kind': s.kind, 'data-status': s.status }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page + 1,
          pageSize: PAGE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => {
            setPage(p - 1);
          },
        }}
        columns={[
          {
            title: t('risk.kind'),
            dataIndex: 'kind',
            render: (k: RiskSignal['kind']) => <Tag data-testid="risk-kind-tag">{t(`risk.kind.${k}`)}</Tag>,
          },
          {
            title: t('risk.severity'),
            dataIndex: 'severity',
            render: (v: RiskSignal['severity']) => <Tag color={SEVERITY_COLORS[v]}>{t(`risk.severity.${v}`)}</Tag>,
          },
          { title: t('common.region'), dataIndex: 'regionCode', render: (code: string) => <RegionName code={code} /> },
          { title: t('common.period'), dataIndex: 'period' },
          { title: t('risk.subject'), key: 'subject', render: (_: unknown, s) => subject(s) },
          {
            title: t('risk.evidence'),
            key: 'evidence',
            render: (_: unknown, s) => (
              <Typography.Text style={{ maxWidth: 360, display: 'inline-block' }} data-testid="risk-summary">
                {summary(t, s)}
              </Typography.Text>
            ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (v: RiskSignal['status'], s) => (
              <span title={s.reason}>
                <StatusTag status={v === 'dismissed' ? 'cancelled' : v === 'open' ? 'pending' : 'rejected'} label={t(`risk.status.${v}`)} />
              </span>
            ),
          },
          { title: t('risk.detectedAt'), dataIndex: 'detectedAt', render: (v: string) => <DateTime iso={v} /> },
          ...(isAuditor
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, s: RiskSignal) =>
                    s.status === 'open' && (
                      <Space>
                        <Button
                          size="small"
                          data-testid="risk-dismiss"
                          onClick={() => {
                            setDeciding({ id: s.id, decision: 'dismiss' });
                          }}
                        >
                          {t('risk.dismiss')}
                        </Button>
                        <Button
                          size="small"
                          danger
                          data-testid="risk-confirm"
                          onClick={() => {
                            setDeciding({ id: s.id, decision: 'confirm' });
                          }}
                        >
                          {t('risk.confirm')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <TextPrompt
        open={deciding !== undefined}
        title={deciding?.decision === 'confirm' ? t('risk.confirmTitle') : t('risk.dismissTitle')}
        testId="risk-decision"
        onCancel={() => {
          setDeciding(undefined);
        }}
        onSubmit={async (reason) => {
          if (!deciding) return;
          const path = deciding.decision === 'confirm' ? '/risk/signals/{id}/confirm' : '/risk/signals/{id}/dismiss';
          const done = await act(() => ok(api.POST(path, { params: { path: { id: deciding.id } }, body: { reason } })));
          if (done) {
            setDeciding(undefined);
            setReload((n) => n + 1);
          }
        }}
      />
    </Page>
  );
}
