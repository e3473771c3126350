import { MinusCircleOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, okPage } from '../../api/client';
import { CATEGORIES, PROVIDER_STATUSES, type Accreditation, type Category, type Provider, type ProviderStatus } from '../../api/models';
import { useUser } from '../../auth/auth';
import { FormModal } from '../../components/FormModal';
import { handler, useAction, validated } from '../../components/hooks';
import { Page } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { forgetCached } from '../../components/reference';
import { RegionName, RegionSelect } from '../../components/regions';
import { StatusTag } from '../../components/StatusTag';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { StatusFilter } from '../../components/StatusFilter';
import { useOpenParam } from '../../components/openParam';
import { mayTake } from '../../lib/may';
import { ProviderDrawer } from '../common/PartyDrawers';

interface NewProvider {
  uscc: string;
  name: string;
  regionCode: string;
  categories: Category[];
  accreditations?: Array<{ type: Accreditation['type']; number: string; validUntil: Dayjs }>;
  controllerKey?: string;
  bankAccount: { bankName: string; accountName: string; accountNo: string };
}

/** Providers: register one, change a status with a reason (city admin). */
export function ProvidersPage() {
  const t = useT();
  const act = useAction();
  const user = useUser();
  const [region, setRegion] = useState<string>();
  const [status, setStatus] = useState<ProviderStatus>();
  const [reload, setReload] = useState(0);
  const [changing, setChanging] = useState<Provider | null>(null);
  const admin = mayTake(user, 'provider.change-status');
  const [openId, setOpenId] = useOpenParam();
  const categoryOptions = CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}` as MessageKey) }));
  return (
    <Page
      title={t('menu.providers')}
      testId="page-providers"
      extra={
        <Space wrap>
          <RegionSelect data-testid="filter-region" allowClear placeholder={t('common.region')} value={region} onChange={setRegion} />
          <StatusFilter statuses={PROVIDER_STATUSES} value={status} onChange={setStatus} width={120} />
          {admin && (
            <FormModal<NewProvider>
              title={t('common.create')}
              buttonLabel={t('common.create')}
              testId="provider-create"
              width={640}
              initialValues={{ accreditations: [] }}
              onSubmit={async (v) => {
                await api.POST('/providers', {
                  body: {
                    ...v,
                    uscc: v.uscc.trim().toUpperCase(),
                    controllerKey: v.controllerKey?.trim() || undefined,
                    accreditations: (v.accreditations ?? []).map((a) => ({ ...a, validUntil: a.validUntil.format('YYYY-MM-DD') })),
                  },
                });
                forgetCached('providers');
                setReload((n) => n + 1);
              }}
            >
              {() => (
                <>
                  <Form.Item name="uscc" label={t('admin.uscc')} rules={[{ required: true, len: 18 }]}>
                    <Input data-testid="provider-uscc" maxLength={18} />
                  </Form.Item>
                  <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true }]}>
                    <Input data-testid="provider-name" />
                  </Form.Item>
                  <Form.Item name="regionCode" label={t('common.region')} rules={[{ required: true }]}>
                    <RegionSelect data-testid="provider-region" />
                  </Form.Item>
                  <Form.Item name="categories" label={t('admin.categories')} rules={[{ required: true }]}>
                    <Select data-testid="provider-categories" mode="multiple" options={categoryOptions} />
                  </Form.Item>
                  <Form.List name="accreditations">
                    {(fields, { add, remove }) => (
                      <Form.Item label={t('admin.accreditations')}>
                        {fields.map((f) => (
                          <Space key={f.key} align="baseline" wrap>
                            <Form.Item name={[f.name, 'type']} rules={[{ required: true }]}>
                              <Select
                                placeholder={t('admin.accType')}
                                style={{ width: 90 }}
                                options={[{ value: 'CMA' }, { value: 'CNAS' }]}
                              />
                            </Form.Item>
                            <Form.Item name={[f.name, 'number']} rules={[{ required: true }]}>
                              <Input placeholder={t('admin.accNumber')} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'validUntil']} rules={[{ required: true }]}>
                              <DatePicker placeholder={t('admin.accValidUntil')} />
                            </Form.Item>
                            <MinusCircleOutlined
                              onClick={() => {
                                remove(f.name);
                              }}
                            />
                          </Space>
                        ))}
                        <Button
                          data-testid="provider-add-acc"
                          type="dashed"
                          onClick={() => {
                            add();
                          }}
                        >
                          {t('admin.addAcc')}
                        </Button>
                      </Form.Item>
                    )}
                  </Form.List>
                  <Form.Item name="controllerKey" label={t('admin.controllerKey')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name={['bankAccount', 'bankName']} label={t('admin.bankName')} rules={[{ required: true }]}>
                    <Input data-testid="provider-bank" />
                  </Form.Item>
                  <Form.Item name={['bankAccount', 'accountName']} label={t('admin.accountName')} rules={[{ required: true }]}>
                    <Input data-testid="provider-account-name" />
                  </Form.Item>
                  <Form.Item
                    name={['bankAccount', 'accountNo']}
                    label={t('admin.accountNo')}
                    rules={[{ required: true, pattern: /^[0-9A-Za-z -]{4,64}$/ }]}
                  >
                    <Input data-testid="provider-account-no" />
                  </Form.Item>
                </>
              )}
            </FormModal>
          )}
        </Space>
      }
    >
      <PagedTable<Provider>
        testId="providers-table"
        phoneCards
        rowKey="id"
        filterKey={`${region}|${status}`}
        reloadKey={reload}
        searchPlaceholder={t('search.providers')}
        fetchPage={(limit, offset, q) =>
          okPage(api.GET('/providers', { params: { query: { regionCode: region, status, q, limit, offset } } }))
        }
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('admin.uscc'), dataIndex: 'uscc' },
          { title: t('common.region'), dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} /> },
          {
            title: t('admin.categories'),
            dataIndex: 'categories',
            render: (cs: string[]) => cs.map((c) => t(`category.${c}` as MessageKey)).join('、'),
          },
          {
            title: t('admin.accreditations'),
            dataIndex: 'accreditations',
            render: (as: Provider['accreditations']) => as.map((a) => `${a.type} ${a.number} (${a.validUntil})`).join('; ') || '—',
          },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, p: Provider) => (
              <Space wrap>
                <Button
                  data-testid="provider-open"
                  size="small"
                  onClick={() => {
                    setOpenId(p.id);
                  }}
                >
                  {t('common.details')}
                </Button>
                {admin && (
                  <Button
                    data-testid="provider-status"
                    size="small"
                    onClick={() => {
                      setChanging(p);
                    }}
                  >
                    {t('admin.changeStatus')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ProviderDrawer
        id={openId}
        onClose={() => {
          setOpenId(null);
        }}
      />
      <StatusModal
        provider={changing}
        onClose={() => {
          setChanging(null);
        }}
        onSubmit={async (s, reason) => {
          if (
            changing &&
            (await act(() => api.POST('/providers/{id}/status', { params: { path: { id: changing.id } }, body: { status: s, reason } })))
          ) {
            setChanging(null);
            setReload((n) => n + 1);
          }
        }}
      />
    </Page>
  );
}

function StatusModal({
  provider,
  onClose,
  onSubmit,
}: {
  provider: Provider | null;
  onClose: () => void;
  onSubmit: (status: ProviderStatus, reason: string) => Promise<void>;
}) {
  const t = useT();
  const [form] = Form.useForm<{ status: ProviderStatus; reason: string }>();
  if (!provider) return null;
  return (
    <FormlessModal
      title={`${t('admin.changeStatus')} · ${provider.name}`}
      onClose={onClose}
      onOk={() => validated(form, (v) => onSubmit(v.status, v.reason.trim()))}
    >
      <Form form={form} layout="vertical" initialValues={{ status: provider.status }}>
        <Form.Item name="status" label={t('admin.newStatus')} rules={[{ required: true }]}>
          {/* A provider goes on notice only through the approval of its registration, and is refused only by an upheld objection (the API refuses both here). */}
          <Select
            data-testid="provider-new-status"
            options={PROVIDER_STATUSES.filter((s) => s !== 'notice' && s !== 'refused').map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
        >
          <Input.TextArea data-testid="provider-status-reason" rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </FormlessModal>
  );
}

function FormlessModal({
  title,
  onClose,
  onOk,
  children,
}: {
  title: string;
  onClose: () => void;
  onOk: () => Promise<unknown>;
  children: React.ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'provider-status-ok' }}
      onOk={handler(async () => {
        setBusy(true);
        try {
          await onOk();
        } finally {
          setBusy(false);
        }
      })}
    >
      {children}
    </Modal>
  );
}
