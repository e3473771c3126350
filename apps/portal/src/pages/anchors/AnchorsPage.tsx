import { Table, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { LedgerAnchor } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/hooks';
import { Page } from '../../components/Page';
import { PeriodInput } from '../../components/PeriodInput';
import { useT } from '../../i18n/i18n';
import { currentPeriod } from '../../lib/time';

/** The last day of a `YYYY-MM` month. */
function lastDay(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return `${period}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** 账本锚点: the published anchors of the hash chain, by month, with how to check them (public, no login). */
export function AnchorsPage() {
  const t = useT();
  const [period, setPeriod] = useState(currentPeriod());
  const anchors = useLoad(
    () => ok(api.GET('/public/ledger-anchors', { params: { query: { from: `${period}-01`, to: lastDay(period) } } })),
    [period],
  );
  return (
    <Page title={t('anchors.title')} testId="page-anchors">
      <Typography.Paragraph>{t('anchors.intro')}</Typography.Paragraph>
      <Typography.Paragraph>{t('anchors.howTo')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text code>npm run verify-anchors -- {window.location.origin} anchors.json</Typography.Text>
      </Typography.Paragraph>
      <div style={{ marginBottom: 12 }}>
        <PeriodInput
          testId="anchors-period"
          value={period}
          onChange={(p) => {
            if (p) setPeriod(p);
          }}
        />
      </div>
      <ErrorAlert error={anchors.error} />
      <Table<LedgerAnchor>
        data-testid="anchors-table"
        rowKey="date"
        size="small"
        loading={anchors.loading}
        dataSource={anchors.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('anchors.empty') }}
        columns={[
          { title: t('anchors.date'), dataIndex: 'date', width: 120 },
          { title: t('anchors.sequence'), dataIndex: 'sequence', width: 100 },
          {
            title: t('anchors.hash'),
            dataIndex: 'hash',
            render: (hash: string) => (
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {hash}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Page>
  );
}
