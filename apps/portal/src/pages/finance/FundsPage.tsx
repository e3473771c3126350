import { Button, Form, Input, InputNumber, Modal, Table } from 'antd';
import { useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import type { Allocation, Fund } from '../../api/models';
import { useUser } from '../../auth/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import { useLoad, validated } from '../../components/hooks';
import { Money } from '../../components/Money';
import { fenOf, MoneyInput, moneyRule } from '../../components/MoneyInput';
import { Page } from '../../components/Page';
import { forgetCached, newIdempotencyKey } from '../../components/reference';
import { RegionName, RegionSelect } from '../../components/regions';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import { currentPeriod } from '../../lib/time';

/** Funds with their balances by class; create a fund, allocate budget (with an Idempotency-Key), see allocations. */
export function FundsPage() {
  const t = useT();
  const user = useUser();
  const own = user.role === 'finance' ? user.regionCode : undefined;
  const [region, setRegion] = useState<string | undefined>(own);
  const funds = useLoad(() => ok(api.GET('/funds', { params: { query: { regionCode: region } } })), [region]);
  const [allocating, setAllocating] = useState<Fund | null>(null);
  const [viewing, setViewing] = useState<Fund | null>(null);
  const b = (k: keyof Fund['balances']) => ({
    title: t(`funds.${k}`),
    key: k,
    align: 'right' as const,
    render: (_: unknown, f: Fund) => <Money fen={f.balances[k]} />,
  });
  return (
    <Page
      title={t('menu.funds')}
      testId="page-funds"
      extra={
        <>
          {!own && (
            <RegionSelect data-testid="filter-region" allowClear placeholder={t('common.region')} value={region} onChange={setRegion} />
          )}
          <FormModal<{ regionCode: string; year: number; name: string }>
            title={t('funds.create')}
            buttonLabel={t('funds.create')}
            testId="fund-create"
            initialValues={{ regionCode: own, year: Number(currentPeriod().slice(0, 4)) }}
            onSubmit={async (v) => {
              await api.POST('/funds', { body: { ...v, name: v.name.trim() } });
              forgetCached('funds');
              funds.reload();
            }}
          >
            {() => (
              <>
                <Form.Item name="regionCode" label={t('common.region')} rules={[{ required: true }]}>
                  <RegionSelect data-testid="fund-region" only={own ? [own] : undefined} />
                </Form.Item>
                <Form.Item name="year" label={t('common.year')} rules={[{ required: true }]}>
                  <InputNumber data-testid="fund-year" min={2000} max={2100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true, max: 200 }]}>
                  <Input data-testid="fund-name" />
                </Form.Item>
              </>
            )}
          </FormModal>
        </>
      }
    >
      <ErrorAlert error={funds.error} />
      <Table<Fund>
        data-testid="funds-table"
        rowKey="id"
        loading={funds.loading}
        dataSource={funds.data}
        size="middle"
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('common.region'), dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} /> },
          { title: t('common.year'), dataIndex: 'year' },
          b('allocated'),
          b('available'),
          b('vouchers'),
          b('held'),
          b('payable'),
          b('inSettlement'),
          b('paid'),
          b('recoverable'),
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, f: Fund) => (
              <>
                {user.role === 'finance' && f.regionCode === user.regionCode && (
                  <Button
                    data-testid="fund-allocate"
                    size="small"
                    type="primary"
                    onClick={() => {
                      setAllocating(f);
                    }}
                    style={{ marginRight: 8 }}
                  >
                    {t('funds.allocate')}
                  </Button>
                )}
                <Button
                  data-testid="fund-allocations"
                  size="small"
                  onClick={() => {
                    setViewing(f);
                  }}
                >
                  {t('funds.allocations')}
                </Button>
              </>
            ),
          },
        ]}
      />
      <AllocateModal
        fund={allocating}
        onClose={() => {
          setAllocating(null);
        }}
        onDone={funds.reload}
      />
      <AllocationsModal
        fund={viewing}
        onClose={() => {
          setViewing(null);
        }}
      />
    </Page>
  );
}

function AllocateModal({ fund, onClose, onDone }: { fund: Fund | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ amount: string; reference: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ body: string; key: string } | null>(null);
  return (
    <Modal
      open={fund !== null}
      title={`${t('funds.allocate')} · ${fund?.name ?? ''}`}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'allocate-submit' }}
      destroyOnHidden
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      onOk={() => {
        void validated(form, async (v) => {
          if (!fund) return;
          const body = { amount: fenOf(v.amount), reference: v.reference.trim() };
          const json = `${fund.id}:${JSON.stringify(body)}`;
          if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
          setBusy(true);
          setError(undefined);
          try {
            await api.POST('/funds/{id}/allocations', {
              params: { path: { id: fund.id }, header: { 'Idempotency-Key': attempt.current.key } },
              body,
            });
            attempt.current = null;
            form.resetFields();
            onDone();
            onClose();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        });
      }}
    >
      <ErrorAlert error={error} testId="allocate-error" />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="amount" label={`${t('common.amount')}（¥）`} rules={[moneyRule(t)]}>
          <MoneyInput data-testid="allocate-amount" />
        </Form.Item>
        <Form.Item name="reference" label={t('funds.reference')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input data-testid="allocate-reference" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AllocationsModal({ fund, onClose }: { fund: Fund | null; onClose: () => void }) {
  const t = useT();
  const list = useLoad(
    () => (fund ? ok(api.GET('/funds/{id}/allocations', { params: { path: { id: fund.id } } })) : Promise.resolve([])),
    [fund?.id],
  );
  return (
    <Modal open={fund !== null} title={`${t('funds.allocations')} · ${fund?.name ?? ''}`} footer={null} onCancel={onClose} width={640}>
      <ErrorAlert error={list.error} />
      <Table<Allocation>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime iso={v} /> },
          { title: t('funds.reference'), dataIndex: 'reference' },
          { title: t('common.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <Money fen={v} /> },
        ]}
      />
    </Modal>
  );
}
