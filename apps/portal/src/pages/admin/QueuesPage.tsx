import { Button, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useT } from '../../i18n/i18n';
import { handler } from '../../components/hooks';

/**
 * The queue dashboard (Bull Board at /queues) for the city admin: POST /queues/ticket sets a
 * short-lived dashboard cookie, so the access token never goes into a URL.
 */
export function QueuesPage() {
  const t = useT();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Page title={t('menu.queues')} testId="page-queues">
      <Typography.Paragraph>{t('queues.intro')}</Typography.Paragraph>
      <Button
        data-testid="queues-open"
        type="primary"
        loading={busy}
        onClick={handler(async () => {
          setBusy(true);
          setError(undefined);
          try {
            await api.POST('/queues/ticket');
            if (!window.open('/queues', '_blank', 'noopener')) window.location.assign('/queues');
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        })}
        style={{ marginBottom: 16 }}
      >
        {t('queues.open')}
      </Button>
      <ErrorAlert error={error} />
    </Page>
  );
}
