import { Button, Card, Empty, Form, Input, List, Modal, Pagination, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction, useLoad, validated } from '../../components/hooks';
import { Money } from '../../components/Money';
import { Page } from '../../components/Page';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

type Notice = Schemas['NoticeResponse'];
type Item = Schemas['NoticeItemResponse'];
type Kind = Notice['kind'];

const PAGE = 10;
const KINDS: Kind[] = ['provider', 'voucher', 'payment'];

/** What one item of a notice shows (never accounts, contacts or voucher codes: the API does not send them). */
function ItemLine({ kind, item }: { kind: Kind; item: Item }) {
  const t = useT();
  if (kind === 'provider')
    return (
      <Space wrap size={4}>
        <Typography.Text strong>{item.name}</Typography.Text>
        <Typography.Text type="secondary">{item.uscc}</Typography.Text>
        {item.complexName && <Tag>{item.complexName}</Tag>}
        {(item.categories ?? []).map((c) => (
          <Tag key={c}>{t(`category.${c}` as MessageKey)}</Tag>
        ))}
        <StatusTag status={item.status} />
      </Space>
    );
  if (kind === 'voucher')
    return (
      <Space wrap size={4}>
        <Typography.Text strong>{item.enterpriseName}</Typography.Text>
        <Money fen={item.faceValue} />
        <StatusTag status={item.status} />
      </Space>
    );
  return (
    <Space wrap size={4}>
      <Typography.Text strong>{item.providerName}</Typography.Text>
      <Money fen={item.amount} />
      <StatusTag status={item.status} />
    </Space>
  );
}

function itemName(kind: Kind, item: Item): string {
  if (kind === 'provider') return item.name ?? item.itemRef;
  if (kind === 'voucher') return item.enterpriseName ?? item.itemRef;
  return item.providerName ?? item.itemRef;
}

/** The 提出异议 form: name, contact, text and (voucher and payment notices) the item objected to. */
function ObjectionModal({ notice, onClose }: { notice: Notice | null; onClose: (filed: boolean) => void }) {
  const t = useT();
  const act = useAction();
  const [form] = Form.useForm<{ name: string; contact: string; text: string; itemRef?: string }>();
  const [busy, setBusy] = useState(false);
  const needsItem = notice !== null && notice.kind !== 'provider';
  return (
    <Modal
      open={notice !== null}
      title={t('notice.objectTitle')}
      destroyOnHidden
      confirmLoading={busy}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'objection-ok' }}
      onCancel={() => {
        onClose(false);
      }}
      onOk={() => {
        if (!notice) return;
        void validated(form, async (values) => {
          setBusy(true);
          try {
            const done = await act(
              () =>
                ok(
                  api.POST('/public/notices/{id}/objections', {
                    params: { path: { id: notice.id } },
                    body: { name: values.name.trim(), contact: values.contact.trim(), text: values.text.trim(), itemRef: values.itemRef },
                  }),
                ),
              t('notice.objectDone'),
            );
            if (done) {
              form.resetFields();
              onClose(true);
            }
          } finally {
            setBusy(false);
          }
        });
      }}
    >
      <Typography.Paragraph type="secondary">{t('notice.objectHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        {needsItem && (
          <Form.Item name="itemRef" label={t('notice.item')} rules={[{ required: true, message: t('notice.itemRequired') }]}>
            <Select
              data-testid="objection-item"
              options={notice.items.map((i) => ({ value: i.itemRef, label: itemName(notice.kind, i) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('notice.objectorName')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="objection-name" maxLength={200} />
        </Form.Item>
        <Form.Item name="contact" label={t('notice.objectorContact')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="objection-contact" maxLength={200} />
        </Form.Item>
        <Form.Item name="text" label={t('notice.objectText')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea data-testid="objection-text" rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function NoticeCard({ notice, now, onObject }: { notice: Notice; now: number; onObject: () => void }) {
  const t = useT();
  const running = Date.parse(notice.endsAt) > now;
  const nameOf = (ref: string) => {
    const item = notice.items.find((i) => i.itemRef === ref);
    return item ? itemName(notice.kind, item) : '';
  };
  return (
    <Card
      size="small"
      data-testid="notice"
      data-notice-id={notice.id}
      title={<Typography.Text style={{ whiteSpace: 'normal' }}>{notice.title}</Typography.Text>}
      style={{ marginBottom: 12 }}
    >
      <Space wrap size={4} style={{ marginBottom: 8 }}>
        <Tag color={running ? 'blue' : 'default'}>{t(running ? 'notice.running' : 'notice.ended')}</Tag>
        <Typography.Text type="secondary">
          <DateTime iso={notice.startsAt} /> — <DateTime iso={notice.endsAt} />
        </Typography.Text>
      </Space>
      <List
        size="small"
        dataSource={notice.items}
        rowKey="itemRef"
        renderItem={(item) => (
          <List.Item>
            <ItemLine kind={notice.kind} item={item} />
          </List.Item>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('notice.objections')}
      </Typography.Title>
      {notice.objections.length === 0 ? (
        <Typography.Text type="secondary">{t('notice.noObjections')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={notice.objections}
          rowKey="id"
          renderItem={(o) => (
            <List.Item data-testid="public-objection" data-status={o.status}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <StatusTag status={o.status} label={t(`objection.${o.status}` as MessageKey)} />
                  {notice.kind !== 'provider' && <Typography.Text type="secondary">{nameOf(o.itemRef)}</Typography.Text>}
                  <DateTime iso={o.createdAt} />
                </Space>
                <Typography.Text style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{o.text}</Typography.Text>
                {o.outcome && (
                  <Typography.Text type="secondary" style={{ wordBreak: 'break-word' }}>
                    {t('notice.outcome')}：{o.outcome}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      {running && (
        <Button data-testid="notice-object" style={{ marginTop: 8 }} onClick={onObject}>
          {t('notice.object')}
        </Button>
      )}
    </Card>
  );
}

/** 公示: the public notices (no login), one tab per kind, with their objections and outcomes; anyone may object. */
export function NoticesPage() {
  const t = useT();
  const [kind, setKind] = useState<Kind>('provider');
  const [page, setPage] = useState(1);
  const [objecting, setObjecting] = useState<Notice | null>(null);
  // When the page was opened: a notice ending while it is open still shows its button (the API answers 409).
  const [now] = useState(() => Date.now());
  const notices = useLoad(async () => {
    const { data, response } = await api.GET('/public/notices', {
      params: { query: { kind, limit: PAGE, offset: (page - 1) * PAGE } },
    });
    return { items: data ?? [], total: Number(response.headers.get('x-total-count') ?? 0) };
  }, [kind, page]);
  return (
    <Page title={t('notice.title')} testId="page-notices">
      <Typography.Paragraph type="secondary">{t('notice.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={kind}
        onChange={(k) => {
          setKind(k as Kind);
          setPage(1);
        }}
        items={KINDS.map((k) => ({ key: k, label: <span data-testid={`notice-tab-${k}`}>{t(`notice.kind.${k}` as MessageKey)}</span> }))}
      />
      <ErrorAlert error={notices.error} />
      {notices.data?.items.length === 0 && <Empty description={t('common.empty')} />}
      {notices.data?.items.map((n) => (
        <NoticeCard
          key={n.id}
          notice={n}
          now={now}
          onObject={() => {
            setObjecting(n);
          }}
        />
      ))}
      {(notices.data?.total ?? 0) > PAGE && (
        <Pagination size="small" current={page} pageSize={PAGE} total={notices.data?.total} onChange={setPage} showSizeChanger={false} />
      )}
      <ObjectionModal
        notice={objecting}
        onClose={(filed) => {
          setObjecting(null);
          if (filed) notices.reload();
        }}
      />
    </Page>
  );
}
