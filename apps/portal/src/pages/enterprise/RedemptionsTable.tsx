import { Button, Grid, Space } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, ok } from '../../api/client';
import type { Redemption } from '../../api/models';
import { useAction } from '../../components/hooks';
import { Money } from '../../components/Money';
import { NameOf, useProviders } from '../../components/names';
import { PagedTable } from '../../components/PagedTable';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { AsyncPopconfirm } from '../../components/AsyncPopconfirm';

interface Props {
  status?: Redemption['status'];
  voucherCode?: string;
  /** show confirm (enterprise) and cancel buttons on pending rows */
  actions?: { confirm?: boolean; cancel?: boolean };
  reloadKey?: number;
  onChanged?: () => void;
  showProvider?: boolean;
}

/** Redemptions as the API scopes them for the caller, with the actions the role has. */
export function RedemptionsTable({ status, voucherCode, actions, reloadKey = 0, onChanged, showProvider = true }: Props) {
  const t = useT();
  const act = useAction();
  const providers = useProviders();
  const phone = !Grid.useBreakpoint().md;
  const change = async (id: string, what: 'confirm' | 'cancel') => {
    if (
      await act(() =>
        ok(api.POST(what === 'confirm' ? '/redemptions/{id}/confirm' : '/redemptions/{id}/cancel', { params: { path: { id } } })),
      )
    )
      onChanged?.();
  };
  const columns: ColumnsType<Redemption> = [
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime iso={v} /> },
    ...(showProvider && !phone
      ? [{ title: t('redemption.provider'), dataIndex: 'providerId', render: (id: string) => <NameOf map={providers} id={id} /> }]
      : []),
    { title: t('common.category'), dataIndex: 'category', render: (c: string) => t(`category.${c}` as MessageKey) },
    ...(phone ? [] : [{ title: t('redemption.description'), dataIndex: 'description', ellipsis: true }]),
    { title: t('redemption.order'), dataIndex: 'orderAmount', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('redemption.subsidy'), dataIndex: 'subsidy', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('redemption.enterprisePays'), dataIndex: 'enterprisePays', align: 'right', render: (v: number) => <Money fen={v} /> },
    ...(phone ? [] : [{ title: t('voucher.code'), dataIndex: 'voucherCode' }]),
    { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
  ];
  if (actions)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_: unknown, r: Redemption) =>
        r.status === 'pending' && (
          <Space wrap>
            {actions.confirm && (
              <AsyncPopconfirm
                title={t('redemption.confirmQ')}
                onConfirm={() => change(r.id, 'confirm')}
                okButtonProps={{ 'data-testid': 'confirm-ok' }}
              >
                <Button data-testid="redemption-confirm" type="primary" size="small">
                  {t('redemption.confirm')}
                </Button>
              </AsyncPopconfirm>
            )}
            {actions.cancel && (
              <AsyncPopconfirm
                title={t('redemption.cancelQ')}
                onConfirm={() => change(r.id, 'cancel')}
                okButtonProps={{ 'data-testid': 'confirm-ok' }}
              >
                <Button data-testid="redemption-cancel" danger size="small">
                  {t('redemption.cancel')}
                </Button>
              </AsyncPopconfirm>
            )}
          </Space>
        ),
    });
  return (
    <PagedTable<Redemption>
      testId="redemptions-table"
      rowKey="id"
      filterKey={`${status}|${voucherCode}`}
      reloadKey={reloadKey}
      fetchPage={(limit, offset) => ok(api.GET('/redemptions', { params: { query: { status, voucherCode, limit, offset } } }))}
      columns={columns}
    />
  );
}
