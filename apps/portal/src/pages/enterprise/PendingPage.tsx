import { useState } from 'react';
import { Page } from '../../components/Page';
import { useT } from '../../i18n/i18n';
import { RedemptionsTable } from './RedemptionsTable';

/** Redemptions made on my vouchers that wait for me: confirm the service happened (then rate it), or cancel. */
export function PendingPage() {
  const t = useT();
  const [reload, setReload] = useState(0);
  return (
    <Page title={t('menu.pending')} testId="page-pending">
      <RedemptionsTable
        status="pending"
        actions={{ confirm: true, cancel: true, rate: true }}
        reloadKey={reload}
        onChanged={() => {
          setReload((n) => n + 1);
        }}
      />
    </Page>
  );
}
