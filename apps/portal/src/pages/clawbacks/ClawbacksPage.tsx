import { Alert, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { Clawback, ClawbackPart } from '../../api/models';
import { useUser } from '../../auth/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction, useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { Page, Section } from '../../components/Page';
import { TextPrompt } from '../../components/prompt';
import { RegionName } from '../../components/regions';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import { ClawbackModal } from './ClawbackModal';

/** What a provider still has to repay: the parts not yet recovered. */
export const owedOf = (items: readonly Clawback[]): number =>
  items.flatMap((c) => c.parts).reduce((sum, p) => sum + (p.status === 'recoverable' ? p.amount : 0), 0);

/**
 * 追回款: the clawbacks the caller sees (GET /clawbacks answers each role its scope). Auditors and the
 * city admin claw back by redemption id; the finance bureau of a funding region records the
 * repayment of its fund's part (登记收回); a provider sees what it has to repay and why it cannot claim.
 */
export function ClawbacksPage() {
  const t = useT();
  const act = useAction();
  const user = useUser();
  const list = useLoad(() => ok(api.GET('/clawbacks', { params: { query: { limit: 1000 } } })), []);
  const [recovering, setRecovering] = useState<Clawback | null>(null);
  const items = list.data?.items ?? [];
  const region = user.role === 'finance' ? user.regionCode : undefined;
  const mayClawBack = user.role === 'auditor' || user.role === 'city_admin';
  const dueHere = (c: Clawback) => region !== undefined && c.parts.some((p) => p.regionCode === region && p.status === 'recoverable');
  const owed = owedOf(items);
  return (
    <Page title={t('menu.clawbacks')} testId="page-clawbacks" extra={mayClawBack && <ClawbackModal onDone={list.reload} />}>
      <Typography.Paragraph type="secondary">{t('clawback.note')}</Typography.Paragraph>
      {user.role === 'provider' && (
        <Section>
          <Space orientation="vertical">
            <span>
              {t('clawback.owed')}：<Money fen={owed} testId="clawback-owed" />
            </span>
            {owed > 0 && <Alert data-testid="clawback-blocked" type="warning" showIcon title={t('clawback.blocked')} />}
          </Space>
        </Section>
      )}
      <ErrorAlert error={list.error} />
      <Table<Clawback>
        data-testid="clawbacks-table"
        rowKey="id"
        loading={list.loading}
        dataSource={items}
        size="middle"
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (c) => (
            <Table<ClawbackPart>
              rowKey="fundId"
              size="small"
              pagination={false}
              dataSource={c.parts}
              columns={[
                { title: t('clawback.fund'), dataIndex: 'fundName' },
                { title: t('common.region'), dataIndex: 'regionCode', render: (code: string) => <RegionName code={code} /> },
                { title: t('common.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <Money fen={v} /> },
                { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
                { title: t('settle.payRef'), dataIndex: 'paymentReference', render: (v: string | null) => v ?? '—' },
                { title: t('clawback.recoveredAt'), dataIndex: 'recoveredAt', render: (v: string | null) => <DateTime iso={v} /> },
              ]}
            />
          ),
        }}
        columns={[
          {
            title: t('clawback.redemptionId'),
            dataIndex: 'redemptionId',
            // The first characters are enough to tell them apart; the whole id is copied.
            render: (id: string) => <Typography.Text copyable={{ text: id }}>{id.slice(0, 8)}</Typography.Text>,
          },
          { title: t('redemption.provider'), dataIndex: 'providerName' },
          { title: t('common.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <Money fen={v} /> },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          { title: t('common.reason'), dataIndex: 'reason', width: 280, ellipsis: { showTitle: true } },
          { title: t('clawback.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime iso={v} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, c) =>
              dueHere(c) && (
                <Button
                  data-testid="clawback-recover"
                  size="small"
                  type="primary"
                  onClick={() => {
                    setRecovering(c);
                  }}
                >
                  {t('clawback.recover')}
                </Button>
              ),
          },
        ]}
      />
      <TextPrompt
        open={recovering !== null}
        title={t('clawback.recover')}
        label={t('settle.payRef')}
        testId="recover-reference"
        maxLength={200}
        onCancel={() => {
          setRecovering(null);
        }}
        onSubmit={async (paymentReference) => {
          if (!recovering) return;
          const done = await act(
            () => ok(api.POST('/clawbacks/{id}/recover', { params: { path: { id: recovering.id } }, body: { paymentReference } })),
            t('clawback.recovered'),
          );
          if (done) {
            setRecovering(null);
            list.reload();
          }
        }}
      />
    </Page>
  );
}
