import { Button, Card, Descriptions, Empty, Form, List, Modal, Pagination, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ok } from '../../api/client';
import { ORDER_STATUSES, type DocumentView, type Order, type OrderStatus } from '../../api/models';
import { AsyncPopconfirm } from '../../components/AsyncPopconfirm';
import { DocumentList, DocumentUpload, idsOf } from '../../components/documents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { handler, useAction, useLoad, validated } from '../../components/hooks';
import { Money } from '../../components/Money';
import { fenOf, MoneyInput, moneyRule } from '../../components/MoneyInput';
import { Page } from '../../components/Page';
import { TextPrompt } from '../../components/prompt';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { PRIMARY } from '../../theme';

const PAGE = 20;
const COLORS: Record<OrderStatus, string> = {
  requested: 'pending',
  accepted: 'submitted',
  redeemed: 'confirmed',
  declined: 'rejected',
  cancelled: 'cancelled',
};

/** An order's state as a tag (data-status is the order's own status). */
function OrderStatusTag({ status }: { status: OrderStatus }) {
  const t = useT();
  return (
    <span data-testid="order-status" data-status={status}>
      <StatusTag status={COLORS[status]} label={t(`order.status.${status}`)} />
    </span>
  );
}

/**
 * Orders as the API scopes them: the enterprise's own (cancel while requested) or, with `queue`, the
 * provider's queue (accept with the agreed amount and the contract, decline with a reason, redeem once
 * accepted on the redeem page). Cards on every width, so a phone needs no sideways scrolling.
 */
export function OrdersPage({ queue = false }: { queue?: boolean }) {
  const t = useT();
  const act = useAction();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // every navigation here (the menu clicked again, a notification followed) loads the list afresh
  const { key: visit } = useLocation();
  const opened = params.get('open');
  const [status, setStatus] = useState<OrderStatus | undefined>();
  const [page, setPage] = useState(1);
  const [accepting, setAccepting] = useState<Order | null>(null);
  const [declining, setDeclining] = useState<Order | null>(null);
  const list = useLoad(
    () => ok(api.GET('/orders', { params: { query: { status, limit: PAGE, offset: (page - 1) * PAGE } } })),
    [status, page, visit],
  );
  useEffect(() => {
    if (opened && list.data)
      document.querySelector(`[data-testid="order"][data-id="${CSS.escape(opened)}"]`)?.scrollIntoView({ block: 'center' });
  }, [opened, list.data]);

  const cancel = async (o: Order) => {
    if (await act(() => ok(api.POST('/orders/{id}/cancel', { params: { path: { id: o.id } } })))) list.reload();
  };

  return (
    <Page
      title={t(queue ? 'menu.orderQueue' : 'menu.orders')}
      testId={queue ? 'page-order-queue' : 'page-orders'}
      extra={
        <Select<OrderStatus>
          data-testid="filter-status"
          allowClear
          placeholder={t('common.status')}
          style={{ width: 130 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`order.status.${s}` as MessageKey) }))}
        />
      }
    >
      <ErrorAlert error={list.error} />
      <List<Order>
        data-testid="orders-list"
        loading={list.loading}
        grid={{ gutter: 12, xs: 1, sm: 1, md: 2, lg: 2, xl: 3 }}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('order.empty')} /> }}
        renderItem={(o) => (
          <List.Item>
            <Card
              size="small"
              data-testid="order"
              data-id={o.id}
              data-status={o.status}
              style={o.id === opened ? { borderColor: PRIMARY, boxShadow: `0 0 0 1px ${PRIMARY}` } : undefined}
              title={<span style={{ whiteSpace: 'normal' }}>{o.serviceName}</span>}
              extra={<OrderStatusTag status={o.status} />}
            >
              <Descriptions size="small" column={1} colon>
                <Descriptions.Item label={t(queue ? 'order.enterprise' : 'order.provider')}>
                  {queue ? o.enterpriseName : o.providerName}
                </Descriptions.Item>
                <Descriptions.Item label={t('common.category')}>{t(`category.${o.category}` as MessageKey)}</Descriptions.Item>
                <Descriptions.Item label={t('voucher.code')}>
                  <span style={{ fontFamily: 'monospace' }}>{o.voucherCode}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('order.createdAt')}>
                  <DateTime iso={o.createdAt} />
                </Descriptions.Item>
                {o.agreedAmount !== undefined && (
                  <Descriptions.Item label={t('order.agreedAmount')}>
                    <Money fen={o.agreedAmount} testId="order-agreed" />
                  </Descriptions.Item>
                )}
              </Descriptions>
              <Typography.Paragraph
                style={{ whiteSpace: 'pre-wrap', margin: '8px 0' }}
                ellipsis={{ rows: 3, expandable: true, symbol: '…' }}
              >
                {o.description}
              </Typography.Paragraph>
              {o.contractDocumentId && <Contract orderId={o.id} />}
              {o.declineReason && (
                <Typography.Paragraph type="danger" style={{ marginBottom: 8 }}>
                  {t('order.declineReasonShow', { reason: o.declineReason })}
                </Typography.Paragraph>
              )}
              <Space wrap>
                {!queue && o.status === 'requested' && (
                  <AsyncPopconfirm title={t('order.cancelQ')} onConfirm={() => cancel(o)} okButtonProps={{ 'data-testid': 'confirm-ok' }}>
                    <Button data-testid="order-cancel" danger size="small">
                      {t('order.cancel')}
                    </Button>
                  </AsyncPopconfirm>
                )}
                {queue && o.status === 'requested' && (
                  <>
                    <Button
                      data-testid="order-accept"
                      type="primary"
                      size="small"
                      onClick={() => {
                        setAccepting(o);
                      }}
                    >
                      {t('order.accept')}
                    </Button>
                    <Button
                      data-testid="order-decline"
                      danger
                      size="small"
                      onClick={() => {
                        setDeclining(o);
                      }}
                    >
                      {t('order.decline')}
                    </Button>
                  </>
                )}
                {queue && o.status === 'accepted' && (
                  <Button
                    data-testid="order-redeem"
                    type="primary"
                    size="small"
                    onClick={() => {
                      void navigate(`/redeem?order=${o.id}`);
                    }}
                  >
                    {t('order.redeem')}
                  </Button>
                )}
              </Space>
            </Card>
          </List.Item>
        )}
      />
      {(list.data?.total ?? 0) > PAGE && (
        <div style={{ display: 'flex', justifyContent: 'center', marginTop: 12 }}>
          <Pagination simple current={page} pageSize={PAGE} total={list.data?.total ?? 0} onChange={setPage} />
        </div>
      )}
      <AcceptModal
        order={accepting}
        onClose={() => {
          setAccepting(null);
        }}
        onDone={() => {
          setAccepting(null);
          list.reload();
        }}
      />
      <TextPrompt
        open={declining !== null}
        title={t('order.declineTitle')}
        label={t('order.declineReason')}
        testId="decline"
        onCancel={() => {
          setDeclining(null);
        }}
        onSubmit={async (reason) => {
          const id = declining?.id ?? '';
          if (await act(() => ok(api.POST('/orders/{id}/decline', { params: { path: { id } }, body: { reason } })))) {
            setDeclining(null);
            list.reload();
          }
        }}
      />
    </Page>
  );
}

/** The signed contract of an accepted order, loaded (GET /orders/:id) when asked for. */
function Contract({ orderId }: { orderId: string }) {
  const t = useT();
  const [shown, setShown] = useState(false);
  const order = useLoad(
    () => (shown ? ok(api.GET('/orders/{id}', { params: { path: { id: orderId } } })) : Promise.resolve(undefined)),
    [shown, orderId],
  );
  if (!shown)
    return (
      <Button
        type="link"
        size="small"
        style={{ padding: 0, marginBottom: 8 }}
        data-testid="order-contract"
        onClick={() => {
          setShown(true);
        }}
      >
        {t('order.showContract')}
      </Button>
    );
  return (
    <div style={{ marginBottom: 8 }}>
      <ErrorAlert error={order.error} />
      {order.data && <DocumentList documents={order.data.documents ?? []} testId="order-documents" />}
    </div>
  );
}

/** Accept: the whole bill agreed with the enterprise, and the signed contract if there is one. */
function AcceptModal({ order, onClose, onDone }: { order: Order | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ amount: string; contract?: DocumentView[] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <Modal
      open={order !== null}
      title={t('order.acceptTitle')}
      destroyOnHidden
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'accept-ok' }}
      onCancel={onClose}
      onOk={handler(() =>
        validated(form, async (v) => {
          const [contractDocumentId] = idsOf(v.contract);
          setBusy(true);
          setError(undefined);
          try {
            await ok(
              api.POST('/orders/{id}/accept', {
                params: { path: { id: order?.id ?? '' } },
                body: { agreedAmount: fenOf(v.amount), ...(contractDocumentId ? { contractDocumentId } : {}) },
              }),
            );
            form.resetFields();
            onDone();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }),
      )}
    >
      {order && (
        <Typography.Paragraph>
          {order.serviceName} · {order.enterpriseName}
        </Typography.Paragraph>
      )}
      <ErrorAlert error={error} testId="accept-error" />
      <Form form={form} layout="vertical" preserve={false} requiredMark={false}>
        <Form.Item name="amount" label={t('order.agreedAmount')} rules={[moneyRule(t)]}>
          <MoneyInput data-testid="accept-amount" />
        </Form.Item>
        <Form.Item name="contract" label={t('order.contract')} extra={t('order.contractHint')}>
          <DocumentUpload testId="accept-contract" max={1} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
