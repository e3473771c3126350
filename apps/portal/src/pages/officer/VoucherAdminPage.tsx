import { Button, Input, Space } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { VOUCHER_STATUSES, type Voucher } from '../../api/models';
import { useAction } from '../../components/hooks';
import { Money } from '../../components/Money';
import { NameOf, useEnterprises, usePrograms } from '../../components/names';
import { Page } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { TextPrompt } from '../../components/prompt';
import { StatusTag } from '../../components/StatusTag';
import { DateOnly } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import { formatTypedCode } from '@ivl/rules';
import { StatusFilter } from '../../components/StatusFilter';
import { useUser } from '../../auth/auth';
import { mayRevokeVoucher } from '../../lib/may';

/** Vouchers of the officer's region; revoke one with a reason. */
export function VoucherAdminPage() {
  const t = useT();
  const act = useAction();
  const programs = usePrograms();
  const enterprises = useEnterprises();
  const [status, setStatus] = useState<Voucher['status']>();
  const [code, setCode] = useState<string>();
  const [reload, setReload] = useState(0);
  const [revoking, setRevoking] = useState<Voucher | null>(null);
  const user = useUser();
  return (
    <Page
      title={t('menu.voucherAdmin')}
      testId="page-voucher-admin"
      extra={
        <Space wrap>
          <Input.Search
            data-testid="voucher-lookup"
            allowClear
            placeholder={t('voucher.lookup')}
            onSearch={(v) => {
              setCode(v.trim() ? formatTypedCode(v) : undefined);
            }}
            style={{ width: 260 }}
          />
          <StatusFilter statuses={VOUCHER_STATUSES} value={status} onChange={setStatus} />
        </Space>
      }
    >
      <PagedTable<Voucher>
        testId="vouchers-table"
        phoneCards
        rowKey="code"
        filterKey={`${status}|${code}`}
        reloadKey={reload}
        fetchPage={(limit, offset) =>
          code
            ? offset > 0
              ? Promise.resolve([])
              : ok(api.GET('/vouchers/{code}', { params: { path: { code } } })).then((v) => ('faceValue' in v ? [v] : []))
            : ok(api.GET('/vouchers', { params: { query: { status, limit, offset } } }))
        }
        columns={[
          { title: t('voucher.code'), dataIndex: 'code' },
          { title: t('review.enterprise'), dataIndex: 'enterpriseId', render: (id: string) => <NameOf map={enterprises} id={id} /> },
          { title: t('common.program'), dataIndex: 'programId', render: (id: string) => <NameOf map={programs} id={id} /> },
          { title: t('voucher.faceValue'), dataIndex: 'faceValue', align: 'right', render: (v: number) => <Money fen={v} /> },
          { title: t('voucher.balance'), dataIndex: 'balance', align: 'right', render: (v: number) => <Money fen={v} /> },
          { title: t('voucher.held'), dataIndex: 'held', align: 'right', render: (v: number) => <Money fen={v} /> },
          { title: t('voucher.validUntil'), dataIndex: 'validUntil', render: (v: string) => <DateOnly iso={v} /> },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, v: Voucher) =>
              mayRevokeVoucher(user, v, programs.get(v.programId)?.issuerRegionCode) && (
                <Button
                  data-testid="voucher-revoke"
                  danger
                  size="small"
                  onClick={() => {
                    setRevoking(v);
                  }}
                >
                  {t('voucher.revoke')}
                </Button>
              ),
          },
        ]}
      />
      <TextPrompt
        open={revoking !== null}
        title={t('voucher.revokeTitle', { code: revoking?.code ?? '' })}
        testId="revoke-reason"
        onCancel={() => {
          setRevoking(null);
        }}
        onSubmit={async (reason) => {
          if (
            revoking &&
            (await act(() => api.POST('/vouchers/{code}/revoke', { params: { path: { code: revoking.code } }, body: { reason } })))
          ) {
            setRevoking(null);
            setReload((n) => n + 1);
          }
        }}
      />
    </Page>
  );
}
