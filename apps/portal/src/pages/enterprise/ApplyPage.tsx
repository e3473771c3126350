import { Alert, Button, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { api, ok, okPage } from '../../api/client';
import { APPLICATION_STATUSES, type Application } from '../../api/models';
import { handler, useAction, useLoad } from '../../components/hooks';
import { fenOf, MoneyInput, moneyRule } from '../../components/MoneyInput';
import { Money } from '../../components/Money';
import type { DocumentView } from '../../api/models';
import { DocumentUpload, idsOf } from '../../components/documents';
import { NameOf, usePrograms } from '../../components/names';
import { Page, Section } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useI18n } from '../../i18n/i18n';
import { ruleInWords } from '../../lib/rule-words';
import { currentPeriod } from '../../lib/time';
import type { MessageKey } from '../../i18n/messages';
import { StatusFilter } from '../../components/StatusFilter';
import { useUser } from '../../auth/auth';
import { useRegions } from '../../components/regions';
import { ApplicationDrawer } from '../officer/ApplicationDrawer';

/** Apply for a voucher under a program of this year; the applications so far below. */
export function ApplyPage() {
  const { t, lang } = useI18n();
  const act = useAction();
  const [form] = Form.useForm<{ programId: string; amount: string; purpose: string; plan?: DocumentView[] }>();
  const year = Number(currentPeriod().slice(0, 4));
  const user = useUser();
  const regions = useRegions();
  // The server takes applications under active programs of the enterprise's region or of its city; offer only those.
  const open = useLoad(async () => {
    const enterpriseId = user.enterpriseId;
    if (!enterpriseId) throw new Error('the apply page is for enterprise users only');
    const [programs, me] = await Promise.all([
      ok(api.GET('/programs', { params: { query: { year, status: 'active' } } })),
      ok(api.GET('/enterprises/{id}', { params: { path: { id: enterpriseId } } })),
    ]);
    const parent = regions.find((r) => r.code === me.regionCode)?.parentCode;
    return programs.filter((p) => p.issuerRegionCode === me.regionCode || p.issuerRegionCode === parent);
  }, [year, regions.length]);
  const programs = usePrograms();
  const [status, setStatus] = useState<Application['status']>();
  const [reload, setReload] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const programId = Form.useWatch('programId', form);
  const chosen = open.data?.find((p) => p.id === programId);
  return (
    <Page title={t('apply.title')} testId="page-apply">
      <Section>
        {open.data?.length === 0 && <Alert type="info" showIcon title={t('apply.noOpenPrograms')} />}
        <Form
          form={form}
          layout="vertical"
          style={{ maxWidth: 560 }}
          onFinish={handler(async (v) => {
            // documentIds: the project plan, when given
            const plan = idsOf(v.plan);
            const body = {
              programId: v.programId,
              amount: fenOf(v.amount),
              purpose: v.purpose.trim(),
              ...(plan.length ? { documentIds: plan } : {}),
            };
            const applied = await act(() => ok(api.POST('/applications', { body })), t('apply.done'));
            if (applied) {
              form.resetFields();
              setReload((n) => n + 1);
            }
          })}
        >
          <Form.Item name="programId" label={t('apply.program')} rules={[{ required: true, message: t('common.required') }]}>
            <Select
              data-testid="apply-program"
              loading={open.loading}
              options={(open.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
          {chosen && (
            <Alert
              style={{ marginBottom: 16 }}
              type="info"
              title={ruleInWords(chosen, lang)}
              description={
                <>
                  {t('apply.perVoucherMax')}: <Money fen={chosen.perVoucherMax} /> · {t('apply.annualCap')}:{' '}
                  <Money fen={chosen.enterpriseAnnualCap} /> · {chosen.categories.map((c) => t(`category.${c}` as MessageKey)).join('、')}
                </>
              }
            />
          )}
          <Form.Item name="amount" label={t('apply.amount')} rules={[moneyRule(t)]}>
            <MoneyInput data-testid="apply-amount" />
          </Form.Item>
          <Form.Item
            name="purpose"
            label={t('apply.purpose')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input.TextArea data-testid="apply-purpose" rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="plan" label={t('apply.plan')} extra={t('apply.planHint')}>
            <DocumentUpload testId="apply-plan" />
          </Form.Item>
          <Button data-testid="apply-submit" type="primary" htmlType="submit">
            {t('common.submit')}
          </Button>
        </Form>
      </Section>
      <Section title={t('apply.mine')} extra={<StatusFilter statuses={APPLICATION_STATUSES} value={status} onChange={setStatus} />}>
        <PagedTable<Application>
          testId="applications-table"
          rowKey="id"
          filterKey={status ?? ''}
          reloadKey={reload}
          fetchPage={(limit, offset) => okPage(api.GET('/applications', { params: { query: { status, limit, offset } } }))}
          columns={[
            { title: t('common.program'), dataIndex: 'programId', render: (id: string) => <NameOf map={programs} id={id} /> },
            { title: t('common.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <Money fen={v} /> },
            { title: t('apply.purpose'), dataIndex: 'purpose', ellipsis: true },
            {
              title: t('common.status'),
              key: 'status',
              render: (_: unknown, a: Application) => (
                <>
                  <StatusTag status={a.status} />
                  {a.status === 'pending' && t(`stage.${a.stage}` as MessageKey)}
                  {a.rejectReason && ` ${a.rejectReason}`}
                </>
              ),
            },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime iso={v} /> },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, a: Application) => (
                <Button
                  data-testid="application-open"
                  size="small"
                  onClick={() => {
                    setOpenId(a.id);
                  }}
                >
                  {t('common.details')}
                </Button>
              ),
            },
          ]}
        />
      </Section>
      <ApplicationDrawer
        id={openId}
        onClose={() => {
          setOpenId(null);
        }}
      />
    </Page>
  );
}
