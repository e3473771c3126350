import { QrcodeOutlined } from '@ant-design/icons';
import { Button, Grid, Space } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { VOUCHER_STATUSES, type Voucher } from '../../api/models';
import { Money } from '../../components/Money';
import { NameOf, usePrograms } from '../../components/names';
import { Page } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { StatusTag } from '../../components/StatusTag';
import { DateOnly } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import { QrModal } from './QrModal';
import { VoucherCode } from './VoucherCode';
import { StatusFilter } from '../../components/StatusFilter';

export function VouchersPage() {
  const t = useT();
  const programs = usePrograms();
  const [status, setStatus] = useState<Voucher['status']>();
  const [qr, setQr] = useState<Voucher | null>(null);
  const phone = !Grid.useBreakpoint().md;
  /** The button that shows a voucher's QR code at the provider's desk (active vouchers only). */
  const qrButton = (v: Voucher, size?: 'small') => (
    <Button
      data-testid="voucher-show-qr"
      size={size}
      icon={<QrcodeOutlined />}
      onClick={() => {
        setQr(v);
      }}
      disabled={v.status !== 'active'}
    >
      {t('voucher.showQr')}
    </Button>
  );
  return (
    <Page
      title={t('menu.vouchers')}
      testId="page-vouchers"
      extra={<StatusFilter statuses={VOUCHER_STATUSES} value={status} onChange={setStatus} width={140} />}
    >
      <PagedTable<Voucher>
        testId="vouchers-table"
        rowKey="code"
        filterKey={status ?? ''}
        fetchPage={(limit, offset) => ok(api.GET('/vouchers', { params: { query: { status, limit, offset } } }))}
        columns={[
          {
            title: t('voucher.code'),
            dataIndex: 'code',
            // On a phone the QR button sits under the code, so it is reachable without scrolling sideways.
            render: (c: string, v: Voucher) =>
              phone ? (
                <Space orientation="vertical" size={4}>
                  <VoucherCode code={c} />
                  {qrButton(v, 'small')}
                </Space>
              ) : (
                <VoucherCode code={c} />
              ),
          },
          ...(phone
            ? []
            : [{ title: t('common.program'), dataIndex: 'programId', render: (id: string) => <NameOf map={programs} id={id} /> }]),
          { title: t('voucher.balance'), dataIndex: 'balance', align: 'right' as const, render: (v: number) => <Money fen={v} /> },
          { title: t('voucher.held'), dataIndex: 'held', align: 'right' as const, render: (v: number) => <Money fen={v} /> },
          ...(phone
            ? []
            : [
                {
                  title: t('voucher.faceValue'),
                  dataIndex: 'faceValue',
                  align: 'right' as const,
                  render: (v: number) => <Money fen={v} />,
                },
              ]),
          { title: t('voucher.validUntil'), dataIndex: 'validUntil', render: (v: string) => <DateOnly iso={v} /> },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          ...(phone
            ? []
            : [
                {
                  title: t('common.actions'),
                  key: 'qr',
                  render: (_: unknown, v: Voucher) => <Space>{qrButton(v)}</Space>,
                },
              ]),
        ]}
      />
      <QrModal
        voucher={qr}
        onClose={() => {
          setQr(null);
        }}
      />
    </Page>
  );
}
