import { Alert, Button, Card, DatePicker, Form, Input, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import type { Claim, Redemption } from '../../api/models';
import type { DocumentView } from '../../api/models';
import { DocumentUpload, idsOf } from '../../components/documents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { fenOf, MoneyInput, moneyRule } from '../../components/MoneyInput';
import { NameOf, usePrograms } from '../../components/names';
import { Page } from '../../components/Page';
import { newIdempotencyKey } from '../../components/reference';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { fenToYuan, formatFen, parseYuan, sumFen } from '@ivl/rules';
import { todayInShanghai } from '../../lib/time';

interface Values {
  number: string;
  date: Dayjs;
  amount: string;
  /** the invoice file (one, required) */
  invoiceFile?: DocumentView[];
  /** service reports (检测报告, 验收单) */
  reports?: DocumentView[];
}

/** Confirmed redemptions in no live claim (the server's `claimable` filter). */
function claimable(): Promise<Redemption[]> {
  return ok(api.GET('/redemptions', { params: { query: { claimable: true, limit: 1000 } } }));
}

/** Build a claim from confirmed redemptions of one program, with the invoice (amount prefilled = Σ subsidies). */
export function NewClaimPage() {
  const t = useT();
  const programs = usePrograms();
  const [reload, setReload] = useState(0);
  const list = useLoad(claimable, [reload]);
  // Money clawed back and not yet repaid blocks every claim (409): say so before the form is filled.
  const owing = useLoad(() => ok(api.GET('/clawbacks', { params: { query: { status: 'recoverable', limit: 1 } } })), []);
  const [selected, setSelected] = useState<string[]>([]);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Claim>();
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const rows = list.data ?? [];
  const chosen = rows.filter((r) => selected.includes(r.id));
  const sum = useMemo(() => sumFen(chosen.map((r) => r.subsidy)), [chosen]);
  const programIds = new Set(chosen.map((r) => r.programId));
  const amount = Form.useWatch<string | undefined>('amount', form) ?? '';
  const parsed = parseYuan(amount);
  const mismatch = parsed.ok && chosen.length > 0 && parsed.fen !== sum;

  const onSelect = (keys: React.Key[]) => {
    setSelected(keys as string[]);
    const next = rows.filter((r) => keys.includes(r.id));
    form.setFieldValue('amount', next.length ? fenToYuan(sumFen(next.map((r) => r.subsidy))) : '');
  };

  const submit = async (v: Values) => {
    const body = {
      redemptionIds: selected,
      invoice: { number: v.number.trim(), date: v.date.format('YYYY-MM-DD'), amount: fenOf(v.amount) },
      // the invoice file first, then the service reports
      documentIds: [...idsOf(v.invoiceFile), ...idsOf(v.reports)],
    };
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
    setBusy(true);
    setError(undefined);
    try {
      setDone(await ok(api.POST('/claims', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body })));
      attempt.current = null;
      setSelected([]);
      form.resetFields();
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('claim.new')} testId="page-new-claim">
      {(owing.data?.total ?? 0) > 0 && (
        <Alert data-testid="claim-blocked" type="warning" showIcon title={t('clawback.blocked')} style={{ marginBottom: 16 }} />
      )}
      {done && (
        <Alert
          data-testid="claim-done"
          type="success"
          showIcon
          closable={{
            onClose: () => {
              setDone(undefined);
            },
          }}
          title={`${t('claim.done')}: ${done.invoice.number} · ${formatFen(done.amount)}`}
          style={{ marginBottom: 16 }}
        />
      )}
      <ErrorAlert error={list.error} />
      <Card size="small" title={t('claim.pick')} style={{ marginBottom: 16 }}>
        <Table<Redemption>
          data-testid="claimable-table"
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('claim.noneClaimable') }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: onSelect,
            getCheckboxProps: (r) =>
              ({ disabled: programIds.size > 0 && !programIds.has(r.programId), 'data-testid': `claim-pick-${r.id}` }) as object,
          }}
          columns={[
            { title: t('common.program'), dataIndex: 'programId', render: (id: string) => <NameOf map={programs} id={id} /> },
            { title: t('status.confirmed'), dataIndex: 'confirmedAt', render: (v: string) => <DateTime iso={v} /> },
            { title: t('common.category'), dataIndex: 'category', render: (c: string) => t(`category.${c}` as MessageKey) },
            { title: t('redemption.description'), dataIndex: 'description', ellipsis: true },
            { title: t('redemption.subsidy'), dataIndex: 'subsidy', align: 'right', render: (v: number) => <Money fen={v} /> },
          ]}
        />
        {programIds.size > 1 && <Alert type="error" title={t('claim.oneProgram')} />}
      </Card>
      <Card size="small">
        <ErrorAlert error={error} testId="claim-error" />
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => {
            void submit(v);
          }}
          initialValues={{ date: dayjs(todayInShanghai()) }}
          style={{ maxWidth: 560 }}
        >
          <Form.Item
            name="number"
            label={t('claim.invoiceNumber')}
            rules={[{ required: true, pattern: /^[0-9A-Za-z-]{1,64}$/, message: t('common.required') }]}
          >
            <Input data-testid="claim-invoice-number" />
          </Form.Item>
          <Form.Item name="date" label={t('claim.invoiceDate')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker data-testid="claim-invoice-date" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="amount"
            label={t('claim.invoiceAmount')}
            rules={[moneyRule(t)]}
            extra={
              <Typography.Text type={mismatch ? 'danger' : 'secondary'}>{t('claim.invoiceHint', { sum: formatFen(sum) })}</Typography.Text>
            }
          >
            <MoneyInput data-testid="claim-invoice-amount" />
          </Form.Item>
          <Form.Item
            name="invoiceFile"
            label={t('claim.invoiceFile')}
            extra={t('claim.invoiceFileHint')}
            required
            rules={[
              {
                validator: (_, value: DocumentView[] | undefined) =>
                  value?.length ? Promise.resolve() : Promise.reject(new Error(t('claim.invoiceFileRequired'))),
              },
            ]}
          >
            <DocumentUpload testId="claim-invoice-file" max={1} />
          </Form.Item>
          <Form.Item name="reports" label={t('claim.reports')} extra={t('claim.reportsHint')}>
            <DocumentUpload testId="claim-reports" />
          </Form.Item>
          <Button
            data-testid="claim-submit"
            type="primary"
            htmlType="submit"
            loading={busy}
            disabled={chosen.length === 0 || programIds.size > 1}
          >
            {t('common.submit')} ({chosen.length})
          </Button>
        </Form>
      </Card>
    </Page>
  );
}
