import { Badge, Button, Card, Empty, List, Pagination, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { Notification } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { handler, useAction, useLoad } from '../../components/hooks';
import { unreadChanged } from '../../components/NotificationBell';
import { Page } from '../../components/Page';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';

const PAGE = 20;

/** The inbox: newest first, all or unread only; opening one marks it read and follows its link. */
export function InboxPage() {
  const t = useT();
  const act = useAction();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(false);
  const [page, setPage] = useState(1);
  const list = useLoad(
    () => ok(api.GET('/notifications', { params: { query: { unread: unread || undefined, limit: PAGE, offset: (page - 1) * PAGE } } })),
    [unread, page],
  );
  const markRead = async (n: Notification): Promise<true> => {
    if (!n.readAt) await ok(api.POST('/notifications/{id}/read', { params: { path: { id: n.id } } }));
    unreadChanged();
    return true;
  };
  const open = async (n: Notification) => {
    try {
      await markRead(n);
    } catch {
      /* the link is followed anyway */
    }
    if (n.link?.startsWith('#/')) void navigate(n.link.slice(1));
    else list.reload();
  };
  return (
    <Page
      title={t('inbox.title')}
      testId="page-inbox"
      extra={
        <Space wrap>
          <Segmented
            data-testid="inbox-filter"
            value={unread ? 'unread' : 'all'}
            options={[
              { value: 'all', label: t('inbox.all') },
              { value: 'unread', label: t('inbox.unreadOnly') },
            ]}
            onChange={(v) => {
              setUnread(v === 'unread');
              setPage(1);
            }}
          />
          <Button
            data-testid="inbox-read-all"
            onClick={handler(async () => {
              if (await act(() => ok(api.POST('/notifications/read-all')))) {
                unreadChanged();
                list.reload();
              }
            })}
          >
            {t('inbox.readAll')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={list.error} />
      <Card size="small">
        <List<Notification>
          data-testid="inbox-list"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              data-testid="notification"
              data-id={n.id}
              data-kind={n.kind}
              data-read={n.readAt ? 'true' : 'false'}
              actions={
                n.readAt
                  ? []
                  : [
                      <Button
                        key="read"
                        size="small"
                        type="link"
                        data-testid="notification-read"
                        onClick={handler(async () => {
                          if (await act(() => markRead(n))) list.reload();
                        })}
                      >
                        {t('inbox.markRead')}
                      </Button>,
                    ]
              }
            >
              <div
                role="link"
                tabIndex={0}
                data-testid="notification-open"
                style={{ cursor: 'pointer', minWidth: 0, flex: 1 }}
                onClick={handler(() => open(n))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void open(n);
                }}
              >
                <Space size={6} align="start">
                  {!n.readAt && <Badge status="processing" />}
                  <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                </Space>
                <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
                  {n.body}
                </Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <DateTime iso={n.createdAt} />
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
        {(list.data?.total ?? 0) > 0 && (
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 12, flexWrap: 'wrap', gap: 8 }}>
            <Typography.Text type="secondary" data-testid="inbox-total">
              {t('inbox.total', { total: list.data?.total ?? 0 })}
            </Typography.Text>
            <Pagination simple current={page} pageSize={PAGE} total={list.data?.total ?? 0} onChange={setPage} />
          </div>
        )}
      </Card>
    </Page>
  );
}
