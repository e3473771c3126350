import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { DirectoryService, Order } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { handler, useLoad, validated } from '../../components/hooks';
import { Money } from '../../components/Money';
import { useT } from '../../i18n/i18n';

interface Values {
  voucherCode: string;
  description: string;
}

/** An enterprise orders a product: one of its active vouchers and what it needs (POST /orders). */
export function OrderModal({
  service,
  providerName,
  onClose,
  onOrdered,
}: {
  service: DirectoryService | null;
  providerName: string;
  onClose: () => void;
  onOrdered: (order: Order) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const vouchers = useLoad(
    () => (service ? ok(api.GET('/vouchers', { params: { query: { status: 'active', limit: 100 } } })) : Promise.resolve([])),
    [service?.id],
  );
  const submit = (v: Values) =>
    ok(api.POST('/orders', { body: { serviceId: service?.id ?? '', voucherCode: v.voucherCode, description: v.description.trim() } }));
  return (
    <Modal
      open={service !== null}
      title={t('order.title')}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'order-submit' }}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      onOk={handler(() =>
        validated(form, async (v) => {
          setBusy(true);
          setError(undefined);
          try {
            onOrdered(await submit(v));
            form.resetFields();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }),
      )}
    >
      {service && (
        <div data-testid="order-modal">
          <Typography.Paragraph>
            <Typography.Text strong>{service.name}</Typography.Text> · {providerName}
            <br />
            <Typography.Text type="secondary">
              <Money fen={service.priceFrom} />
              {service.priceTo !== null && service.priceTo !== service.priceFrom && (
                <>
                  {' – '}
                  <Money fen={service.priceTo} />
                </>
              )}
              {t('dir.perUnit', { unit: service.unit })}
            </Typography.Text>
          </Typography.Paragraph>
          <ErrorAlert error={error ?? vouchers.error} testId="order-error" />
          {vouchers.data?.length === 0 && <Alert type="warning" showIcon title={t('order.noVoucher')} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" requiredMark={false}>
            <Form.Item name="voucherCode" label={t('order.voucher')} rules={[{ required: true, message: t('common.required') }]}>
              <Select
                data-testid="order-voucher"
                loading={vouchers.loading}
                options={(vouchers.data ?? []).map((v) => ({
                  value: v.code,
                  label: (
                    <span>
                      {v.code} · <Money fen={v.balance} />
                    </span>
                  ),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="description"
              label={t('order.description')}
              extra={t('order.descriptionHint')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input.TextArea data-testid="order-description" rows={3} maxLength={2000} />
            </Form.Item>
          </Form>
        </div>
      )}
    </Modal>
  );
}
