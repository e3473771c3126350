import { Table, Typography } from 'antd';
import { api, ok } from '../../api/client';
import type { Batch, BatchLine } from '../../api/models';
import { BatchReceipt } from '../../components/BatchReceipt';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { Page } from '../../components/Page';
import { RegionName } from '../../components/regions';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';

type Row = BatchLine & { batch: Batch };

/** Payments received, by settlement batch: GET /settlements answers a provider only its own lines. */
export function PaymentsPage() {
  const t = useT();
  const { data, loading, error } = useLoad(() => ok(api.GET('/settlements')), []);
  const rows: Row[] = (data ?? []).flatMap((b) => b.lines.map((l) => ({ ...l, batch: b })));
  return (
    <Page title={t('payments.title')} testId="page-payments">
      <Typography.Paragraph type="secondary">{t('payments.note')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Table<Row>
        data-testid="payments-table"
        rowKey={(r) => `${r.batch.id}:${r.providerId}`}
        loading={loading}
        dataSource={rows}
        size="middle"
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('common.region'), key: 'region', render: (_: unknown, r) => <RegionName code={r.batch.regionCode} /> },
          { title: t('common.period'), key: 'period', render: (_: unknown, r) => `${r.batch.period} #${r.batch.sequence}` },
          { title: t('common.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <Money fen={v} /> },
          { title: t('settle.claims'), dataIndex: 'claimCount' },
          {
            title: t('common.status'),
            key: 'status',
            render: (_: unknown, r) => (
              <>
                <StatusTag status={r.status} />
                {r.returnReason}
              </>
            ),
          },
          { title: t('payments.reference'), key: 'ref', render: (_: unknown, r) => r.batch.paymentReference ?? '—' },
          { title: t('payments.paidAt'), key: 'paidAt', render: (_: unknown, r) => <DateTime iso={r.batch.paidAt} /> },
          {
            title: t('settle.receipt'),
            key: 'receipt',
            render: (_: unknown, r) => r.status === 'paid' && <BatchReceipt batchId={r.batch.id} />,
          },
        ]}
      />
    </Page>
  );
}
