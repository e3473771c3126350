import { Alert, Button, Card, Col, Descriptions, Form, Input, Result, Row, Select, Statistic, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, ok } from '../../api/client';
import { CATEGORIES, type Category, type Redemption } from '../../api/models';
import { useUser } from '../../auth/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { fenOf, MoneyInput, moneyRule } from '../../components/MoneyInput';
import { Page } from '../../components/Page';
import { newIdempotencyKey } from '../../components/reference';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { checkCode, fenToYuan, formatFen, formatTypedCode, parseYuan, previewSubsidy } from '@ivl/rules';
import { bpToPercent, ruleInWords } from '../../lib/rule-words';
import { useOwnProvider, useVoucherContext } from './usePreview';
import { useLoad } from '../../components/hooks';
import { PRIMARY } from '../../theme';

interface Values {
  voucherCode: string;
  category: Category;
  amount: string;
  description: string;
}

/**
 * Redeem a voucher: the code is formatted and checked as it is typed, the subsidy is estimated
 * from the program's rules (预计), and the POST carries an Idempotency-Key kept for retries
 * of the same submission. From the order queue (`?order=<id>`) it redeems an accepted order: its
 * voucher, category and agreed amount are fixed, and the POST names the order.
 */
export function RedeemPage() {
  const { t, lang } = useI18n();
  const user = useUser();
  const provider = useOwnProvider(user.providerId);
  const [form] = Form.useForm<Values>();
  const code = Form.useWatch<string | undefined>('voucherCode', form) ?? '';
  const amount = Form.useWatch<string | undefined>('amount', form) ?? '';
  const ctx = useVoucherContext(code);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<Redemption>();
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const navigate = useNavigate();
  const orderId = useSearchParams()[0].get('order');
  const order = useLoad(
    () => (orderId ? ok(api.GET('/orders/{id}', { params: { path: { id: orderId } } })) : Promise.resolve(undefined)),
    [orderId],
  );
  const fromOrder = orderId ? order.data : undefined;
  useEffect(() => {
    if (fromOrder?.agreedAmount !== undefined)
      form.setFieldsValue({
        voucherCode: fromOrder.voucherCode,
        category: fromOrder.category,
        amount: fenToYuan(fromOrder.agreedAmount),
        description: fromOrder.serviceName,
      });
  }, [fromOrder, form]);

  const codeState = checkCode(code);
  const parsed = parseYuan(amount);
  const program = ctx.program;
  const preview = program && parsed.ok ? previewSubsidy(parsed.fen, program, provider?.regionCode, ctx.voucher?.balance) : undefined;
  const categories = CATEGORIES.filter(
    (c) => (!program || program.categories.includes(c)) && (!provider || provider.categories.includes(c)),
  );

  const submit = async (v: Values) => {
    const body = {
      voucherCode: formatTypedCode(v.voucherCode),
      category: v.category,
      orderAmount: fenOf(v.amount),
      description: v.description.trim(),
      ...(fromOrder ? { orderId: fromOrder.id } : {}),
    };
    const json = JSON.stringify(body);
    // A retry of the same submission reuses its key, so it is never booked twice; a changed form is a new submission.
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
    setBusy(true);
    setError(undefined);
    try {
      setDone(await ok(api.POST('/redemptions', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <Page title={t('redeem.title')} testId="page-redeem">
        <Result
          status="success"
          title={t('redeem.done')}
          subTitle={done.voucherCode}
          extra={
            <Button
              data-testid="redeem-again"
              type="primary"
              onClick={() => {
                setDone(undefined);
                attempt.current = null;
                form.resetFields();
                if (orderId) void navigate('/redeem');
              }}
            >
              {t('redeem.again')}
            </Button>
          }
        >
          <Descriptions column={1} size="small" bordered data-testid="redeem-result">
            <Descriptions.Item label={t('redemption.order')}>
              <Money fen={done.orderAmount} />
            </Descriptions.Item>
            <Descriptions.Item label={t('redemption.subsidy')}>
              <Money fen={done.subsidy} testId="redeem-result-subsidy" />
            </Descriptions.Item>
            <Descriptions.Item label={t('redemption.enterprisePays')}>
              <Money fen={done.enterprisePays} testId="redeem-result-pays" />
            </Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <StatusTag status={done.status} />
            </Descriptions.Item>
          </Descriptions>
        </Result>
      </Page>
    );

  return (
    <Page title={t('redeem.title')} testId="page-redeem">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <ErrorAlert error={error} testId="redeem-error" />
            <ErrorAlert error={order.error} testId="redeem-order-error" />
            {fromOrder && (
              <Alert
                data-testid="redeem-order"
                data-id={fromOrder.id}
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('order.forOrder', { service: fromOrder.serviceName, enterprise: fromOrder.enterpriseName })}
                description={t('order.amountFixed')}
              />
            )}
            <Form
              form={form}
              layout="vertical"
              onFinish={(v) => {
                void submit(v);
              }}
              requiredMark={false}
            >
              <Form.Item
                name="voucherCode"
                label={t('redeem.code')}
                normalize={(v: string | undefined) => formatTypedCode(v ?? '')}
                validateStatus={codeState === 'ok' ? 'success' : codeState === 'empty' || codeState === 'incomplete' ? undefined : 'error'}
                help={codeState === 'empty' ? t('redeem.codeHint') : t(`redeem.code.${codeState}` as MessageKey)}
                rules={[
                  {
                    validator: () => {
                      const typed: unknown = form.getFieldValue('voucherCode');
                      return checkCode(typeof typed === 'string' ? typed : '') === 'ok'
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('redeem.code.incomplete')));
                    },
                  },
                ]}
              >
                <Input
                  disabled={!!fromOrder}
                  data-testid="redeem-code"
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  style={{ fontFamily: 'monospace', fontSize: 16 }}
                  placeholder="XXXX-XXXX-XXXX-XXXX-X"
                />
              </Form.Item>
              <Form.Item name="category" label={t('redeem.category')} rules={[{ required: true, message: t('common.required') }]}>
                <Select
                  disabled={!!fromOrder}
                  data-testid="redeem-category"
                  options={categories.map((c) => ({ value: c, label: t(`category.${c}` as MessageKey) }))}
                />
              </Form.Item>
              <Form.Item name="amount" label={t('redeem.amount')} rules={[moneyRule(t)]}>
                <MoneyInput data-testid="redeem-amount" disabled={!!fromOrder} />
              </Form.Item>
              <Form.Item
                name="description"
                label={t('redeem.description')}
                rules={[{ required: true, whitespace: true, message: t('common.required') }]}
              >
                <Input data-testid="redeem-description" maxLength={2000} />
              </Form.Item>
              <Button data-testid="redeem-submit" type="primary" htmlType="submit" loading={busy} block>
                {t('common.submit')}
              </Button>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
                {t('redeem.retryNote')}
              </Typography.Paragraph>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={`${t('redeem.preview')}（${t('common.estimated')}）`}
            data-testid="redeem-preview"
            loading={ctx.loading}
          >
            {ctx.voucherError !== undefined && <ErrorAlert error={ctx.voucherError} testId="redeem-voucher-error" />}
            {ctx.voucher && (
              <div style={{ marginBottom: 12 }}>
                <StatusTag status={ctx.voucher.status} /> {t('redeem.previewBalance', { balance: formatFen(ctx.voucher.balance) })}
              </div>
            )}
            {program && (
              <Typography.Paragraph type="secondary">
                {program.name}：
                {t('redeem.previewRule', { rule: ruleInWords(program, lang), ratio: bpToPercent(preview?.ratioBp ?? program.ratioBp) })}
              </Typography.Paragraph>
            )}
            {preview ? (
              <>
                <Row gutter={16}>
                  <Col span={12}>
                    <Statistic
                      title={t('redeem.preview')}
                      value={formatFen(preview.subsidy)}
                      styles={{ content: { color: PRIMARY } }}
                      data-testid="redeem-preview-subsidy"
                    />
                  </Col>
                  <Col span={12}>
                    <Statistic
                      title={t('redeem.previewPays')}
                      value={formatFen(preview.enterprisePays)}
                      data-testid="redeem-preview-pays"
                    />
                  </Col>
                </Row>
                {preview.limitedBy !== 'rule' && (
                  <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t(`redeem.previewLimited.${preview.limitedBy}`)} />
                )}
                {preview.outOfRegion && program?.outOfRegionRatioBp !== null && (
                  <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('redeem.outOfRegion')} />
                )}
              </>
            ) : (
              !ctx.voucherError && <Typography.Text type="secondary">{t('redeem.codeHint')}</Typography.Text>
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
              {t('redeem.previewNote')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
