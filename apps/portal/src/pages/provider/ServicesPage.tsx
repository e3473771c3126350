import { Button, Card, Empty, Form, Input, InputNumber, List, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { fenToYuan } from '@ivl/rules';
import { api, ok } from '../../api/client';
import { CATEGORIES, type Category, type Service } from '../../api/models';
import { useUser } from '../../auth/auth';
import { AsyncPopconfirm } from '../../components/AsyncPopconfirm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { handler, useAction, useLoad, validated } from '../../components/hooks';
import { fenOf, MoneyInput, moneyRule } from '../../components/MoneyInput';
import { Page } from '../../components/Page';
import { StatusTag } from '../../components/StatusTag';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { PriceRange } from '../directory/parts';
import { useOwnProvider } from './usePreview';

interface Values {
  name: string;
  category: Category;
  description: string;
  priceFrom: string;
  priceTo?: string;
  unit: string;
  turnaroundDays?: number | null;
}

/** The provider's service products: publish, edit, withdraw (what the public directory lists). */
export function ServicesPage() {
  const t = useT();
  const act = useAction();
  const user = useUser();
  const provider = useOwnProvider(user.providerId);
  const list = useLoad(() => ok(api.GET('/services')), []);
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const withdraw = async (s: Service) => {
    if (await act(() => ok(api.POST('/services/{id}/withdraw', { params: { path: { id: s.id } } })))) list.reload();
  };
  return (
    <Page
      title={t('svc.title')}
      testId="page-services"
      extra={
        <Button
          type="primary"
          data-testid="service-publish"
          onClick={() => {
            setEditing('new');
          }}
        >
          {t('svc.publish')}
        </Button>
      }
    >
      <ErrorAlert error={list.error} />
      <List<Service>
        data-testid="services-list"
        loading={list.loading}
        grid={{ gutter: 12, xs: 1, sm: 1, md: 2, lg: 2, xl: 3 }}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Empty description={t('svc.empty')} /> }}
        renderItem={(s) => (
          <List.Item>
            <Card
              size="small"
              data-testid="service"
              data-id={s.id}
              data-status={s.status}
              title={<span style={{ whiteSpace: 'normal' }}>{s.name}</span>}
              extra={<StatusTag status={s.status === 'published' ? 'active' : 'cancelled'} label={t(`svc.status.${s.status}`)} />}
            >
              <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {t(`category.${s.category}` as MessageKey)} · <PriceRange service={s} />
                {s.turnaroundDays !== null && ` · ${t('dir.turnaround', { days: s.turnaroundDays })}`}
              </Typography.Paragraph>
              <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ whiteSpace: 'pre-wrap' }}>
                {s.description}
              </Typography.Paragraph>
              {s.status === 'published' && (
                <Space wrap>
                  <Button
                    size="small"
                    data-testid="service-edit"
                    onClick={() => {
                      setEditing(s);
                    }}
                  >
                    {t('svc.edit')}
                  </Button>
                  <AsyncPopconfirm title={t('svc.withdrawQ')} onConfirm={() => withdraw(s)} okButtonProps={{ 'data-testid': 'confirm-ok' }}>
                    <Button size="small" danger data-testid="service-withdraw">
                      {t('svc.withdraw')}
                    </Button>
                  </AsyncPopconfirm>
                </Space>
              )}
            </Card>
          </List.Item>
        )}
      />
      <ServiceModal
        service={editing}
        categories={CATEGORIES.filter((c) => !provider || provider.categories.includes(c))}
        onClose={() => {
          setEditing(null);
        }}
        onDone={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </Page>
  );
}

function ServiceModal({
  service,
  categories,
  onClose,
  onDone,
}: {
  service: Service | 'new' | null;
  categories: Category[];
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const act = useAction();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const editing = service !== null && service !== 'new' ? service : undefined;
  const initial: Partial<Values> | undefined = editing && {
    name: editing.name,
    category: editing.category,
    description: editing.description,
    priceFrom: fenToYuan(editing.priceFrom),
    priceTo: editing.priceTo === null ? undefined : fenToYuan(editing.priceTo),
    unit: editing.unit,
    turnaroundDays: editing.turnaroundDays,
  };
  const submit = (v: Values) => {
    const body = {
      name: v.name.trim(),
      category: v.category,
      description: v.description.trim(),
      priceFrom: fenOf(v.priceFrom),
      ...(v.priceTo?.trim() ? { priceTo: fenOf(v.priceTo) } : {}),
      unit: v.unit.trim(),
      ...(v.turnaroundDays ? { turnaroundDays: v.turnaroundDays } : {}),
    };
    return editing ? ok(api.PATCH('/services/{id}', { params: { path: { id: editing.id } }, body })) : ok(api.POST('/services', { body }));
  };
  return (
    <Modal
      open={service !== null}
      title={t(editing ? 'svc.editTitle' : 'svc.publish')}
      destroyOnHidden
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'service-ok' }}
      onCancel={onClose}
      onOk={handler(() =>
        validated(form, async (v) => {
          setBusy(true);
          try {
            if (await act(() => submit(v))) onDone();
          } finally {
            setBusy(false);
          }
        }),
      )}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={initial} requiredMark={false}>
        <Form.Item name="name" label={t('svc.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input data-testid="service-name" maxLength={200} />
        </Form.Item>
        <Form.Item name="category" label={t('svc.category')} rules={[{ required: true, message: t('common.required') }]}>
          <Select data-testid="service-category" options={categories.map((c) => ({ value: c, label: t(`category.${c}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('svc.description')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea data-testid="service-description" rows={3} maxLength={4000} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="priceFrom" label={t('svc.priceFrom')} rules={[moneyRule(t)]}>
            <MoneyInput data-testid="service-price-from" />
          </Form.Item>
          <Form.Item name="priceTo" label={t('svc.priceTo')} rules={[moneyRule(t, false)]}>
            <MoneyInput data-testid="service-price-to" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item
            name="unit"
            label={t('svc.unit')}
            extra={t('svc.unitHint')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input data-testid="service-unit" maxLength={20} />
          </Form.Item>
          <Form.Item name="turnaroundDays" label={t('svc.turnaround')}>
            <InputNumber data-testid="service-turnaround" min={1} max={365} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
