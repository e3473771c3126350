import { Button, Checkbox, Descriptions, Form, Input, InputNumber, Table, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok } from '../../api/client';
import type { AuditSample } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { NameOf, useEnterprises, useProviders } from '../../components/names';
import { Page, Section } from '../../components/Page';
import { PeriodInput } from '../../components/PeriodInput';
import { RegionSelect } from '../../components/regions';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import { previousPeriod, workingPeriod } from '../../lib/period';
import { currentPeriod } from '../../lib/time';
import { handler } from '../../components/hooks';
import { ClawbackModal } from '../clawbacks/ClawbackModal';

/** POST /audit/samples: a reproducible sample (same seed, same draw) of confirmed redemptions of a region's month. */
export function SamplesPage() {
  const t = useT();
  const providers = useProviders();
  const enterprises = useEnterprises();
  const [sample, setSample] = useState<AuditSample>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  // The month opened on is the latest one with settlement batches, unless the user has picked one.
  useEffect(() => {
    let live = true;
    ok(api.GET('/settlements')).then(
      (batches) => {
        if (live && !form.isFieldTouched('period'))
          form.setFieldValue(
            'period',
            workingPeriod(
              batches.map((b) => b.period),
              currentPeriod(),
            ),
          );
      },
      () => undefined, // the month just ended stays
    );
    return () => {
      live = false;
    };
  }, [form]);
  return (
    <Page title={t('menu.samples')} testId="page-samples">
      <Section>
        <Form
          form={form}
          layout="inline"
          initialValues={{ regionCode: '330700', period: previousPeriod(currentPeriod()), rate: 5, riskWeighted: false }}
          onFinish={handler(async (v: { regionCode: string; period: string; seed?: string; rate: number; riskWeighted: boolean }) => {
            setBusy(true);
            setError(undefined);
            try {
              setSample(
                await ok(
                  api.POST('/audit/samples', {
                    body: {
                      regionCode: v.regionCode,
                      period: v.period,
                      ...(v.seed ? { seed: v.seed } : {}),
                      rateBp: Math.round(v.rate * 100),
                      riskWeighted: v.riskWeighted,
                    },
                  }),
                ),
              );
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          })}
        >
          <Form.Item name="regionCode" label={t('common.region')} rules={[{ required: true }]}>
            <RegionSelect data-testid="sample-region" />
          </Form.Item>
          <Form.Item name="period" label={t('common.period')} rules={[{ required: true }]}>
            <PeriodInput testId="sample-period" />
          </Form.Item>
          <Form.Item name="rate" label={t('samples.rate')} rules={[{ required: true }]}>
            <InputNumber data-testid="sample-rate" min={5} max={100} precision={0} />
          </Form.Item>
          <Form.Item name="seed" label={t('samples.seed')}>
            <Input data-testid="sample-seed" allowClear />
          </Form.Item>
          <Form.Item name="riskWeighted" valuePropName="checked">
            <Checkbox data-testid="sample-risk-weighted">
              <Tooltip title={t('samples.riskWeightedHint')}>{t('samples.riskWeighted')}</Tooltip>
            </Checkbox>
          </Form.Item>
          <Button data-testid="sample-draw" type="primary" htmlType="submit" loading={busy}>
            {t('samples.draw')}
          </Button>
        </Form>
      </Section>
      <ErrorAlert error={error} />
      {sample && (
        <>
          <Descriptions size="small" bordered column={{ xs: 1, md: 4 }} style={{ marginBottom: 16 }} data-testid="sample-summary">
            <Descriptions.Item label={t('samples.seed')}>{sample.seed}</Descriptions.Item>
            <Descriptions.Item label={t('samples.rate')}>{sample.rateBp / 100}%</Descriptions.Item>
            <Descriptions.Item label={t('samples.population')}>{sample.population}</Descriptions.Item>
            <Descriptions.Item label={t('samples.size')}>{sample.size}</Descriptions.Item>
            {sample.riskWeighted && <Descriptions.Item label={t('samples.riskWeighted')}>{t('common.yes')}</Descriptions.Item>}
          </Descriptions>
          <Table
            data-testid="sample-table"
            rowKey="id"
            size="small"
            dataSource={sample.redemptions}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('common.id'), dataIndex: 'id' },
              { title: t('redemption.provider'), dataIndex: 'providerId', render: (id: string) => <NameOf map={providers} id={id} /> },
              { title: t('review.enterprise'), dataIndex: 'enterpriseId', render: (id: string) => <NameOf map={enterprises} id={id} /> },
              { title: t('redemption.subsidy'), dataIndex: 'subsidy', align: 'right', render: (v: number) => <Money fen={v} /> },
              { title: t('status.confirmed'), dataIndex: 'confirmedAt', render: (v: string) => <DateTime iso={v} /> },
              {
                title: t('samples.reason'),
                dataIndex: 'reason',
                render: (reason: 'random' | 'risk', r) => (
                  <span data-testid="sample-reason" data-reason={reason}>
                    <Tag color={reason === 'risk' ? 'red' : 'default'}>{t(`samples.reason.${reason}`)}</Tag>
                    {r.signalIds.length > 0 && (
                      <a href="#/risk" title={r.signalIds.join(', ')}>
                        {t('samples.signals', { n: r.signalIds.length })}
                      </a>
                    )}
                  </span>
                ),
              },
              // An upheld finding claws the subsidy back (only once its settlement line is paid; the server says so otherwise).
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_: unknown, r) => <ClawbackModal redemptionId={r.id} />,
              },
            ]}
          />
        </>
      )}
    </Page>
  );
}
