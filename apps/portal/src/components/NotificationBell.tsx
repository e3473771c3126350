import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { api, ok } from '../api/client';
import { useT } from '../i18n/i18n';

/** How often the bell asks for the unread count while the portal is open. */
const POLL_MS = 30_000;

/** Announces a change of the unread count (a notification read on the inbox page): the bell asks again at once. */
export function unreadChanged(): void {
  window.dispatchEvent(new Event('ivl:unread'));
}

/** The bell in the header of every role: the unread count (GET /notifications/unread-count), every 30 s and on navigation. */
export function NotificationBell() {
  const t = useT();
  const location = useLocation();
  const [count, setCount] = useState(0);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const again = () => {
      setTick((n) => n + 1);
    };
    const timer = setInterval(again, POLL_MS);
    window.addEventListener('ivl:unread', again);
    return () => {
      clearInterval(timer);
      window.removeEventListener('ivl:unread', again);
    };
  }, []);
  useEffect(() => {
    let live = true;
    ok(api.GET('/notifications/unread-count')).then(
      (r) => {
        if (live) setCount(r.count);
      },
      () => undefined, // the bell keeps its last count when a poll fails
    );
    return () => {
      live = false;
    };
  }, [location.pathname, tick]);
  return (
    <Link to="/inbox" data-testid="bell" data-count={count} aria-label={t('bell.title')} title={t('bell.title')}>
      <Badge count={count} size="small" overflowCount={99}>
        <Button type="text" icon={<BellOutlined style={{ fontSize: 18 }} />} />
      </Badge>
    </Link>
  );
}
