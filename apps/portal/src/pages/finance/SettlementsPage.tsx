import { Alert, Button, Descriptions, Drawer, Input, List, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatFen } from '@ivl/rules';
import { useEffect, useState } from 'react';
import { api, download, ok } from '../../api/client';
import type { Batch, BatchLine, SettlementRun } from '../../api/models';
import { useUser } from '../../auth/auth';
import type { DocumentView } from '../../api/models';
import { DocumentUpload, idsOf } from '../../components/documents';
import { BatchReceipt } from '../../components/BatchReceipt';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction, useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { Page, Section } from '../../components/Page';
import { PeriodInput } from '../../components/PeriodInput';
import { TextPrompt } from '../../components/prompt';
import { RegionName, RegionSelect, useRegions } from '../../components/regions';
import { RowCard, usePhone } from '../../components/RowCard';
import { useOpenParam } from '../../components/openParam';
import { StatusHistory } from '../../components/StatusHistory';
import { batchActions, mayStartRun } from '../../lib/may';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import { previousPeriod, workingPeriod } from '../../lib/period';
import { currentPeriod } from '../../lib/time';
import { AsyncPopconfirm } from '../../components/AsyncPopconfirm';
import { PaymentNoticeSetting } from '../notices/PaymentNoticeSetting';

/** Start a run for region + period and watch it; approve, return lines, pay, download the payment file. */
export function SettlementsPage() {
  const t = useT();
  const act = useAction();
  const user = useUser();
  const own = user.role === 'finance' ? user.regionCode : undefined;
  const [region, setRegion] = useState<string | undefined>(own);
  const [period, setPeriod] = useState<string>(previousPeriod(currentPeriod()));
  const [periodChosen, setPeriodChosen] = useState(false);
  const [allPeriods, setAllPeriods] = useState(true);
  const [q, setQ] = useState<string>();
  const batches = useLoad(
    () => ok(api.GET('/settlements', { params: { query: { regionCode: region, period: allPeriods ? undefined : period, q } } })),
    [region, period, allPeriods, q],
  );
  // Until the user picks a month, the picker follows the batches listed (all periods at first).
  useEffect(() => {
    if (!periodChosen && allPeriods && batches.data)
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the period follows data loaded outside React
      setPeriod(
        workingPeriod(
          batches.data.map((b) => b.period),
          currentPeriod(),
        ),
      );
  }, [batches.data, periodChosen, allPeriods]);
  const [run, setRun] = useState<SettlementRun | { jobId: string; state: 'waiting'; batchIds: [] } | null>(null);
  const [runError, setRunError] = useState<unknown>();
  const [paying, setPaying] = useState<Batch | null>(null);
  const [receipt, setReceipt] = useState<DocumentView[]>([]);
  const [returning, setReturning] = useState<{ batch: Batch; line: BatchLine } | null>(null);
  const reloadBatches = batches.reload;
  const phone = usePhone();
  const regions = useRegions();
  const regionName = (code: string | undefined) => regions.find((r) => r.code === code)?.name ?? code ?? '';
  const [openId, setOpenId] = useOpenParam();
  const opened = useLoad(
    () => (openId ? ok(api.GET('/settlements/{id}', { params: { path: { id: openId } } })) : Promise.resolve(undefined)),
    [openId, batches.data],
  );
  /** What a confirmation says of a batch: its region, period, sequence, providers paid and amount. */
  const said = (b: Batch) => {
    const payable = b.lines.filter((l) => l.status !== 'returned');
    return {
      region: regionName(b.regionCode),
      period: b.period,
      sequence: b.sequence,
      lines: payable.length,
      amount: formatFen(payable.reduce((sum, l) => sum + l.amount, 0)),
    };
  };

  // Poll the run until the worker has finished it.
  useEffect(() => {
    if (!run || run.state === 'completed' || run.state === 'failed') return;
    const timer = setTimeout(() => {
      ok(api.GET('/settlements/runs/{jobId}', { params: { path: { jobId: run.jobId } } })).then((next) => {
        setRun(next);
        if (next.state === 'completed') reloadBatches();
      }, setRunError);
    }, 1000);
    return () => {
      clearTimeout(timer);
    };
  }, [run, reloadBatches]);

  const start = async () => {
    setRunError(undefined);
    try {
      if (!region) throw new Error('choose a region to settle');
      const { jobId } = await ok(api.POST('/settlements/runs', { body: { regionCode: region, period } }));
      setRun({ jobId, state: 'waiting', batchIds: [] });
    } catch (e) {
      setRunError(e);
    }
  };

  const lineColumns = (b: Batch): ColumnsType<BatchLine> => [
    { title: t('redemption.provider'), dataIndex: 'providerName' },
    { title: t('admin.uscc'), dataIndex: 'uscc' },
    { title: t('settle.account'), key: 'acct', render: (_: unknown, l) => `${l.bankName} · ${l.accountName} · ${l.accountNo}` },
    { title: t('settle.claims'), dataIndex: 'claimCount' },
    { title: t('common.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <Money fen={v} /> },
    {
      title: t('common.status'),
      key: 'status',
      render: (_: unknown, l) => (
        <>
          <StatusTag status={l.status} />
          {l.returnReason}
        </>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, l) =>
        batchActions(user, b).returnLine &&
        l.status === 'pending' && (
          <Button
            data-testid="line-return"
            size="small"
            danger
            onClick={() => {
              setReturning({ batch: b, line: l });
            }}
          >
            {t('settle.returnLine')}
          </Button>
        ),
    },
  ];

  /** The buttons of a batch: only those the user may press now (lib/may.ts), money moves behind a confirmation. */
  const batchButtons = (b: Batch) => {
    const may = batchActions(user, b);
    return (
      <>
        <Button
          data-testid="batch-open"
          size="small"
          onClick={() => {
            setOpenId(b.id);
          }}
        >
          {t('common.details')}
        </Button>
        {may.approve && (
          <AsyncPopconfirm
            title={t('views.approveBatchQ', said(b))}
            onConfirm={async () => {
              if (await act(() => api.POST('/settlements/{id}/approve', { params: { path: { id: b.id } } }))) batches.reload();
            }}
            okButtonProps={{ 'data-testid': 'confirm-ok' }}
            cancelButtonProps={{ 'data-testid': 'confirm-cancel' }}
          >
            <Button data-testid="batch-approve" size="small" type="primary">
              {t('settle.approve')}
            </Button>
          </AsyncPopconfirm>
        )}
        {may.pay && (
          <Button
            data-testid="batch-pay"
            size="small"
            type="primary"
            onClick={() => {
              setPaying(b);
            }}
          >
            {t('settle.pay')}
          </Button>
        )}
        {b.status === 'paid' && <BatchReceipt batchId={b.id} />}
        {may.paymentFile && (
          // Only the paying bureau (and auditors) get the payment file (it carries account numbers in full).
          <Button
            data-testid="batch-payment-file"
            size="small"
            onClick={() =>
              void act(() =>
                download(
                  api.GET('/settlements/{id}/payment-file.csv', {
                    params: { path: { id: b.id } },
                    headers: { accept: '*/*' },
                    parseAs: 'blob',
                  }),
                  `payment-${b.regionCode}-${b.period}-${b.sequence}.csv`,
                ),
              )
            }
          >
            {t('settle.paymentFile')}
          </Button>
        )}
        {may.paymentFile && (
          <Button
            data-testid="batch-payment-sheet"
            size="small"
            onClick={() =>
              void act(() =>
                download(
                  api.GET('/settlements/{id}/payment-file.xlsx', {
                    params: { path: { id: b.id } },
                    headers: { accept: '*/*' },
                    parseAs: 'blob',
                  }),
                  `payment-${b.regionCode}-${b.period}-${b.sequence}.xlsx`,
                ),
              )
            }
          >
            {t('settle.paymentSheet')}
          </Button>
        )}
        {may.statement && (
          <Button
            data-testid="batch-statement"
            size="small"
            onClick={() =>
              void act(() =>
                download(
                  api.GET('/settlements/{id}/statement.pdf', {
                    params: { path: { id: b.id } },
                    headers: { accept: '*/*' },
                    parseAs: 'blob',
                  }),
                  `statement-${b.regionCode}-${b.period}-${b.sequence}.pdf`,
                ),
              )
            }
          >
            {t('settle.statement')}
          </Button>
        )}
      </>
    );
  };

  const openedLines = opened.data ? lineColumns(opened.data) : [];

  const batchColumns: ColumnsType<Batch> = [
    { title: t('common.region'), dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} /> },
    { title: t('common.period'), dataIndex: 'period' },
    { title: t('settle.sequence'), dataIndex: 'sequence' },
    { title: t('settle.lines'), key: 'lines', render: (_: unknown, b) => b.lines.length },
    { title: t('common.total'), dataIndex: 'total', align: 'right', render: (v: number) => <Money fen={v} /> },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (st: string, b) => (
        <Space size={4} wrap>
          <StatusTag status={st} />
          {/* A batch on payment notice (兑付公示) cannot be paid before the notice ends. */}
          {st === 'approved' && b.noticeEndsAt && new Date(b.noticeEndsAt) > new Date() && (
            <span data-testid="batch-notice">
              {t('settle.noticeUntil')} <DateTime iso={b.noticeEndsAt} />
            </span>
          )}
        </Space>
      ),
    },
    { title: t('payments.reference'), dataIndex: 'paymentReference', render: (v: string | null) => v ?? '—' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime iso={v} /> },
    { title: t('common.actions'), key: 'actions', render: (_: unknown, b) => <Space wrap>{batchButtons(b)}</Space> },
  ];

  return (
    <Page title={t('menu.settlements')} testId="page-settlements">
      {own && <PaymentNoticeSetting regionCode={own} />}
      <Section>
        <Space wrap>
          {!own && <RegionSelect data-testid="settle-region" placeholder={t('common.region')} value={region} onChange={setRegion} />}
          <PeriodInput
            testId="settle-period"
            value={period}
            onChange={(p) => {
              if (!p) return;
              setPeriodChosen(true);
              setPeriod(p);
            }}
          />
          {mayStartRun(user, region ?? own) && (
            <AsyncPopconfirm
              title={t('views.startRunQ', { region: regionName(region), period })}
              onConfirm={start}
              okButtonProps={{ 'data-testid': 'confirm-ok' }}
              cancelButtonProps={{ 'data-testid': 'confirm-cancel' }}
            >
              <Button
                data-testid="settle-run"
                type="primary"
                disabled={!region}
                loading={run !== null && run.state !== 'completed' && run.state !== 'failed'}
              >
                {t('settle.run')}
              </Button>
            </AsyncPopconfirm>
          )}
          <Button
            data-testid="settle-filter-period"
            onClick={() => {
              setAllPeriods(!allPeriods);
            }}
          >
            {allPeriods ? `${t('common.period')}: ${t('common.all')}` : `${t('common.period')}: ${period}`}
          </Button>
          <Input.Search
            data-testid="batches-search"
            allowClear
            placeholder={t('search.batches')}
            style={{ width: 240 }}
            onSearch={(text) => {
              setQ(text.trim() || undefined);
            }}
          />
          {batches.data && (
            <Typography.Text type="secondary" data-testid="batches-total">
              {t('common.totalCount', { n: batches.data.length })}
            </Typography.Text>
          )}
        </Space>
        <ErrorAlert error={runError} testId="settle-run-error" />
        {run && (
          <Alert
            data-testid="settle-run-state"
            data-state={run.state}
            style={{ marginTop: 12 }}
            type={run.state === 'completed' ? 'success' : run.state === 'failed' ? 'error' : 'info'}
            showIcon
            title={
              run.state === 'completed'
                ? run.batchIds.length > 0
                  ? t('settle.runDone', { n: run.batchIds.length })
                  : t('settle.runNone')
                : t('settle.runState', { state: t(`status.${run.state}`) })
            }
            description={'error' in run ? run.error : undefined}
          />
        )}
      </Section>
      <ErrorAlert error={batches.error} />
      {phone ? (
        <List<Batch>
          data-testid="batches-table"
          loading={batches.loading}
          dataSource={batches.data}
          renderItem={(b) => <RowCard columns={batchColumns} row={b} index={0} rowKey={b.id} />}
        />
      ) : (
        <Table<Batch>
          data-testid="batches-table"
          rowKey="id"
          loading={batches.loading}
          dataSource={batches.data}
          size="middle"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          expandable={{
            expandedRowRender: (b) => (
              <Table<BatchLine>
                rowKey="providerId"
                size="small"
                pagination={false}
                dataSource={b.lines}
                scroll={{ x: 'max-content' }}
                columns={lineColumns(b)}
              />
            ),
          }}
          columns={batchColumns}
        />
      )}
      <Drawer
        open={openId !== null}
        data-testid="batch-drawer"
        size={phone ? '100%' : 720}
        title={opened.data ? t('views.batchTitle', said(opened.data)) : t('views.batch')}
        onClose={() => {
          setOpenId(null);
        }}
      >
        <ErrorAlert error={opened.error} />
        {opened.data && (
          <div data-testid="batch-detail" data-status={opened.data.status}>
            <Descriptions
              size="small"
              bordered
              column={1}
              items={[
                { key: 'region', label: t('common.region'), children: <RegionName code={opened.data.regionCode} /> },
                { key: 'period', label: t('common.period'), children: opened.data.period },
                { key: 'sequence', label: t('settle.sequence'), children: opened.data.sequence },
                { key: 'total', label: t('common.total'), children: <Money fen={opened.data.total} /> },
                { key: 'status', label: t('common.status'), children: <StatusTag status={opened.data.status} /> },
                { key: 'created', label: t('common.createdAt'), children: <DateTime iso={opened.data.createdAt} /> },
                { key: 'approved', label: t('views.approvedAt'), children: <DateTime iso={opened.data.approvedAt ?? undefined} /> },
                { key: 'paid', label: t('views.paidAt'), children: <DateTime iso={opened.data.paidAt ?? undefined} /> },
                { key: 'reference', label: t('payments.reference'), children: opened.data.paymentReference ?? '—' },
                {
                  key: 'history',
                  label: t('views.history'),
                  children: <StatusHistory entityType="settlement_batch" entityId={opened.data.id} />,
                },
              ]}
            />
            <div style={{ marginTop: 12 }}>
              {opened.data.lines.map((l) => (
                <RowCard key={l.providerId} columns={openedLines} row={l} index={0} rowKey={l.providerId} />
              ))}
            </div>
            <Space wrap>{batchButtons(opened.data)}</Space>
          </div>
        )}
      </Drawer>
      <TextPrompt
        open={paying !== null}
        title={paying ? t('views.payTitle', said(paying)) : t('settle.pay')}
        label={t('settle.payRef')}
        testId="pay-reference"
        maxLength={200}
        extra={
          <div>
            {paying && (
              <Alert
                data-testid="pay-amount"
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('views.payAmount', said(paying))}
              />
            )}
            <Typography.Text strong>{t('settle.receipt')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('settle.receiptHint')}
            </Typography.Paragraph>
            <DocumentUpload testId="pay-receipt" value={receipt} onChange={setReceipt} />
          </div>
        }
        onCancel={() => {
          setPaying(null);
          setReceipt([]);
        }}
        onSubmit={async (paymentReference) => {
          // documentIds: the bank receipt, when one was uploaded
          const body = { paymentReference, ...(receipt.length ? { documentIds: idsOf(receipt) } : {}) };
          if (paying && (await act(() => api.POST('/settlements/{id}/pay', { params: { path: { id: paying.id } }, body })))) {
            setPaying(null);
            setReceipt([]);
            batches.reload();
          }
        }}
      />
      <TextPrompt
        open={returning !== null}
        title={t('settle.returnTitle', { name: returning?.line.providerName ?? '' })}
        testId="return-reason"
        onCancel={() => {
          setReturning(null);
        }}
        onSubmit={async (reason) => {
          if (
            returning &&
            (await act(() =>
              api.POST('/settlements/{id}/lines/{providerId}/return', {
                params: { path: { id: returning.batch.id, providerId: returning.line.providerId } },
                body: { reason },
              }),
            ))
          ) {
            setReturning(null);
            batches.reload();
          }
        }}
      />
    </Page>
  );
}
