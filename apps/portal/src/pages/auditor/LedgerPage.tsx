import { Alert, Button } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { LedgerReport } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useT } from '../../i18n/i18n';
import { handler } from '../../components/hooks';
import type { MessageKey } from '../../i18n/messages';
import { formatDateTime } from '../../lib/time';

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
          data-testid="ledger-chain"
          data-ok={String(report.chain.ok)}
          type={report.chain.ok ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          title={`${report.chain.ok ? t('ledger.chainOk') : t('ledger.chainBroken')} · ${
            report.chain.sealedThrough.sealedAt
              ? t('ledger.sealedThrough', {
                  n: report.chain.sealedThrough.sequence,
                  at: formatDateTime(report.chain.sealedThrough.sealedAt),
                })
              : t('ledger.notSealed')
          }`}
          description={
            report.chain.problems.length > 0 ? (
              <ul data-testid="ledger-chain-problems" style={{ margin: 0 }}>
                {report.chain.problems.map((p) => (
                  <li key={`${p.source}-${p.id}-${p.sequence}`}>
                    {t(`ledger.chain.${p.problem}` as MessageKey)} · {t(`ledger.chain.source.${p.source}` as MessageKey)} {p.id ?? ''}
                    {p.sequence !== null ? ` · #${p.sequence}` : ''}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
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
