import { Button, Space } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { Claim } from '../../api/models';
import { handler, useAction } from '../../components/hooks';
import { Money } from '../../components/Money';
import { NameOf, usePrograms, useProviders } from '../../components/names';
import { PagedTable } from '../../components/PagedTable';
import { TextPrompt } from '../../components/prompt';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';

/** Claims as scoped for the caller; officers get approve / reject. */
export function ClaimsTable({ status, review }: { status?: Claim['status']; review?: boolean }) {
  const t = useT();
  const act = useAction();
  const programs = usePrograms();
  const providers = useProviders();
  const [reload, setReload] = useState(0);
  const [rejecting, setRejecting] = useState<Claim | null>(null);
  const columns: ColumnsType<Claim> = [
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime iso={v} /> },
    ...(review
      ? [{ title: t('redemption.provider'), dataIndex: 'providerId', render: (id: string) => <NameOf map={providers} id={id} /> }]
      : []),
    { title: t('common.program'), dataIndex: 'programId', render: (id: string) => <NameOf map={programs} id={id} /> },
    { title: t('claim.invoiceNumber'), key: 'invoice', render: (_: unknown, c: Claim) => `${c.invoice.number} (${c.invoice.date})` },
    { title: t('claim.redemptions'), key: 'n', render: (_: unknown, c: Claim) => c.redemptionIds.length },
    { title: t('common.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <Money fen={v} /> },
    {
      title: t('common.status'),
      key: 'status',
      render: (_: unknown, c: Claim) => (
        <>
          <StatusTag status={c.status} />
          {c.rejectReason}
        </>
      ),
    },
  ];
  if (review)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, c: Claim) =>
        c.status === 'submitted' && (
          <Space>
            <Button
              data-testid="claim-approve"
              type="primary"
              size="small"
              onClick={handler(async () => {
                if (await act(() => api.POST('/claims/{id}/approve', { params: { path: { id: c.id } } }))) setReload((n) => n + 1);
              })}
            >
              {t('common.approve')}
            </Button>
            <Button
              data-testid="claim-reject"
              danger
              size="small"
              onClick={() => {
                setRejecting(c);
              }}
            >
              {t('common.reject')}
            </Button>
          </Space>
        ),
    });
  return (
    <>
      <PagedTable<Claim>
        testId="claims-table"
        rowKey="id"
        filterKey={status ?? ''}
        reloadKey={reload}
        fetchPage={(limit, offset) => ok(api.GET('/claims', { params: { query: { status, limit, offset } } }))}
        columns={columns}
      />
      <TextPrompt
        open={rejecting !== null}
        title={t('review.rejectTitle')}
        testId="reject-reason"
        onCancel={() => {
          setRejecting(null);
        }}
        onSubmit={async (reason) => {
          if (
            rejecting &&
            (await act(() => api.POST('/claims/{id}/reject', { params: { path: { id: rejecting.id } }, body: { reason } })))
          ) {
            setRejecting(null);
            setReload((n) => n + 1);
          }
        }}
      />
    </>
  );
}
