import { Button, Card, Empty, Pagination, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction, useLoad } from '../../components/hooks';
import { Page } from '../../components/Page';
import { TextPrompt } from '../../components/prompt';
import { RegionName } from '../../components/regions';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

type Objection = Schemas['ObjectionResponse'];
type Status = Objection['status'];

const PAGE = 20;

/**
 * 异议处理: the objections the user's office handles (the city admin: providers on notice; a county
 * officer: its region's vouchers; finance: its region's payment lines; auditors read them all),
 * with the objector's name and contact; uphold or dismiss with a reason. The API decides who may.
 */
export function ObjectionsPage() {
  const t = useT();
  const act = useAction();
  const [status, setStatus] = useState<Status | undefined>('open');
  const [page, setPage] = useState(1);
  const [deciding, setDeciding] = useState<{ objection: Objection; outcome: 'uphold' | 'dismiss' } | null>(null);
  const objections = useLoad(
    () => ok(api.GET('/objections', { params: { query: { status, limit: PAGE, offset: (page - 1) * PAGE } } })),
    [status, page],
  );
  const decide = async (reason: string) => {
    if (!deciding) return;
    const { objection, outcome } = deciding;
    const path = outcome === 'uphold' ? '/objections/{id}/uphold' : '/objections/{id}/dismiss';
    const done = await act(() => ok(api.POST(path, { params: { path: { id: objection.id } }, body: { reason } })));
    if (done) {
      setDeciding(null);
      objections.reload();
    }
  };
  return (
    <Page
      title={t('menu.objections')}
      testId="page-objections"
      extra={
        <Select
          data-testid="objections-status"
          allowClear
          style={{ minWidth: 120 }}
          placeholder={t('common.all')}
          value={status}
          onChange={(v: Status | undefined) => {
            setStatus(v);
            setPage(1);
          }}
          options={(['open', 'upheld', 'dismissed'] as const).map((s) => ({ value: s, label: t(`objection.${s}` as MessageKey) }))}
        />
      }
    >
      <ErrorAlert error={objections.error} />
      {objections.data?.items.length === 0 && <Empty description={t('common.empty')} />}
      {objections.data?.items.map((o) => (
        <Card key={o.id} size="small" style={{ marginBottom: 12 }} data-testid="objection" data-objection-id={o.id}>
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Space wrap size={4}>
              <StatusTag status={o.status} label={t(`objection.${o.status}` as MessageKey)} />
              <Typography.Text>{t(`notice.kind.${o.kind}` as MessageKey)}</Typography.Text>
              <RegionName code={o.regionCode} />
              <DateTime iso={o.createdAt} />
            </Space>
            <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
              {t('notice.item')}：{o.itemRef}
            </Typography.Text>
            <Typography.Text>
              {t('notice.objectorName')}：{o.name} · {t('notice.objectorContact')}：{o.contact}
            </Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', marginBottom: 0 }}>
              {o.text}
            </Typography.Paragraph>
            {o.outcome && (
              <Typography.Text type="secondary">
                {t('notice.outcome')}：{o.outcome}
              </Typography.Text>
            )}
            {o.status === 'open' && (
              <Space wrap>
                <Button
                  danger
                  data-testid="objection-uphold"
                  onClick={() => {
                    setDeciding({ objection: o, outcome: 'uphold' });
                  }}
                >
                  {t('objection.uphold')}
                </Button>
                <Button
                  data-testid="objection-dismiss"
                  onClick={() => {
                    setDeciding({ objection: o, outcome: 'dismiss' });
                  }}
                >
                  {t('objection.dismiss')}
                </Button>
              </Space>
            )}
          </Space>
        </Card>
      ))}
      {(objections.data?.total ?? 0) > PAGE && (
        <Pagination size="small" current={page} pageSize={PAGE} total={objections.data?.total} onChange={setPage} showSizeChanger={false} />
      )}
      <TextPrompt
        open={deciding !== null}
        testId="decision"
        title={t(deciding?.outcome === 'dismiss' ? 'objection.dismissTitle' : 'objection.upholdTitle')}
        onCancel={() => {
          setDeciding(null);
        }}
        onSubmit={decide}
      />
    </Page>
  );
}
