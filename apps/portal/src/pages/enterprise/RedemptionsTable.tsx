import { Alert, Button, Card, Descriptions, Grid, List, Rate, Space, Typography } from 'antd';
import { useState } from 'react';
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
import { RateModal } from './RateModal';
import { useUser } from '../../auth/auth';

interface Props {
  status?: Redemption['status'];
  voucherCode?: string;
  /** show confirm (enterprise) and cancel buttons on pending rows; rate (enterprise) on confirmed ones without a rating */
  actions?: { confirm?: boolean; cancel?: boolean; rate?: boolean };
  reloadKey?: number;
  onChanged?: () => void;
  showProvider?: boolean;
}

/**
 * Redemptions as the API scopes them for the caller, with the actions the role has: a table, or on
 * phones a card per redemption (provider, amounts and the buttons on screen, no sideways scrolling).
 * Confirming offers the rating at once; a confirmed one not yet rated offers 评价.
 */
export function RedemptionsTable({ status, voucherCode, actions, reloadKey = 0, onChanged, showProvider = true }: Props) {
  const t = useT();
  const act = useAction();
  const providers = useProviders();
  // Whom it served: the enterprise's name, to every reader but the enterprise itself (a provider's list above all).
  const showEnterprise = useUser().role !== 'enterprise';
  const phone = !Grid.useBreakpoint().md;
  const [rating, setRating] = useState<Redemption | null>(null);
  // Just confirmed here (it leaves a pending list): offered for rating above the list, without getting in the way.
  const [confirmed, setConfirmed] = useState<Redemption | null>(null);
  const change = async (id: string, what: 'confirm' | 'cancel') => {
    const changed = await act(() =>
      ok(api.POST(what === 'confirm' ? '/redemptions/{id}/confirm' : '/redemptions/{id}/cancel', { params: { path: { id } } })),
    );
    if (changed) {
      if (what === 'confirm' && actions?.rate) setConfirmed(changed);
      onChanged?.();
    }
  };
  const buttons = (r: Redemption) => (
    <Space wrap>
      {r.status === 'pending' && actions?.confirm && (
        <AsyncPopconfirm
          title={t('redemption.confirmQ')}
          onConfirm={() => change(r.id, 'confirm')}
          okButtonProps={{ 'data-testid': 'confirm-ok' }}
        >
          <Button data-testid="redemption-confirm" type="primary" size={phone ? 'middle' : 'small'}>
            {t('redemption.confirm')}
          </Button>
        </AsyncPopconfirm>
      )}
      {r.status === 'pending' && actions?.cancel && (
        <AsyncPopconfirm
          title={t('redemption.cancelQ')}
          onConfirm={() => change(r.id, 'cancel')}
          okButtonProps={{ 'data-testid': 'confirm-ok' }}
        >
          <Button data-testid="redemption-cancel" danger size={phone ? 'middle' : 'small'}>
            {t('redemption.cancel')}
          </Button>
        </AsyncPopconfirm>
      )}
      {r.status === 'confirmed' && r.rating && (
        <span data-testid="redemption-rating" data-stars={r.rating.stars} title={r.rating.comment}>
          <Rate disabled value={r.rating.stars} style={{ fontSize: 12 }} />
        </span>
      )}
      {r.status === 'confirmed' && !r.rating && actions?.rate && (
        <Button
          data-testid="redemption-rate"
          size={phone ? 'middle' : 'small'}
          onClick={() => {
            setRating(r);
          }}
        >
          {t('rate.action')}
        </Button>
      )}
    </Space>
  );
  const card = (r: Redemption) => (
    <List.Item key={r.id} style={{ padding: '6px 0', border: 'none' }}>
      <Card
        size="small"
        style={{ width: '100%' }}
        data-testid="redemption"
        data-row-key={r.id}
        title={<span style={{ whiteSpace: 'normal' }}>{showProvider ? <NameOf map={providers} id={r.providerId} /> : r.description}</span>}
        extra={<StatusTag status={r.status} />}
      >
        {showProvider && <Typography.Paragraph style={{ marginBottom: 6 }}>{r.description}</Typography.Paragraph>}
        <Descriptions size="small" column={1}>
          {showEnterprise && <Descriptions.Item label={t('views.enterprise')}>{r.enterpriseName ?? '—'}</Descriptions.Item>}
          <Descriptions.Item label={t('common.category')}>{t(`category.${r.category}` as MessageKey)}</Descriptions.Item>
          <Descriptions.Item label={t('redemption.order')}>
            <Money fen={r.orderAmount} />
          </Descriptions.Item>
          <Descriptions.Item label={t('redemption.subsidy')}>
            <Money fen={r.subsidy} />
          </Descriptions.Item>
          <Descriptions.Item label={t('redemption.enterprisePays')}>
            <Money fen={r.enterprisePays} />
          </Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>
            <DateTime iso={r.createdAt} />
          </Descriptions.Item>
        </Descriptions>
        <div style={{ marginTop: 8 }}>{buttons(r)}</div>
      </Card>
    </List.Item>
  );
  const columns: ColumnsType<Redemption> = [
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime iso={v} /> },
    ...(showEnterprise ? [{ title: t('views.enterprise'), dataIndex: 'enterpriseName', render: (v: string | undefined) => v ?? '—' }] : []),
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
      render: (_: unknown, r: Redemption) => buttons(r),
    });
  return (
    <>
      {confirmed && (
        <Alert
          data-testid="redemption-confirmed"
          type="success"
          showIcon
          closable={{
            onClose: () => {
              setConfirmed(null);
            },
          }}
          style={{ marginBottom: 12 }}
          title={t('rate.offer')}
          action={
            <Button
              data-testid="redemption-rate"
              type="primary"
              size="small"
              onClick={() => {
                setRating(confirmed);
              }}
            >
              {t('rate.action')}
            </Button>
          }
        />
      )}
      <PagedTable<Redemption>
        testId="redemptions-table"
        rowKey="id"
        filterKey={`${status}|${voucherCode}`}
        reloadKey={reloadKey}
        fetchPage={(limit, offset) => ok(api.GET('/redemptions', { params: { query: { status, voucherCode, limit, offset } } }))}
        columns={columns}
        card={phone ? card : undefined}
      />
      <RateModal
        redemption={rating}
        providerName={rating ? providers.get(rating.providerId)?.name : undefined}
        onClose={() => {
          setRating(null);
        }}
        onDone={() => {
          setRating(null);
          setConfirmed(null);
          onChanged?.();
        }}
      />
    </>
  );
}
