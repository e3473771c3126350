import { Alert, Button } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { LedgerReport } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useT } from '../../i18n/i18n';
import { handler } from '../../components/hooks';

/** GET /ledger/verify: every invariant of the money model. */
export function LedgerPage() {
  const t = useT();
  const [report, setReport] = useState<LedgerReport>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Page title={t('menu.ledger')} testId="page-ledger">
      <Button
        data-testid="ledger-verify"
        type="primary"
        loading={busy}
        onClick={handler(async () => {
          setBusy(true);
          setError(undefined);
          try {
            setReport(await ok(api.GET('/ledger/verify')));
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        })}
        style={{ marginBottom: 16 }}
      >
        {t('ledger.verify')}
      </Button>
      <ErrorAlert error={error} />
      {report && (
        <Alert
          data-testid="ledger-result"
          data-balanced={String(report.balanced)}
          type={report.balanced ? 'success' : 'error'}
          showIcon
          title={`${report.balanced ? t('ledger.balanced') : t('ledger.unbalanced')} · ${t('ledger.checked', { n: report.transactionsChecked })}`}
          description={
            report.problems.length > 0 ? (
              <pre style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(report.problems, null, 2)}</pre>
            ) : undefined
          }
        />
      )}
    </Page>
  );
}
