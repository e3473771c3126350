import { Tag, Typography } from 'antd';
import type { Claim } from '../../api/models';
import { Money } from '../../components/Money';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

type Payment = NonNullable<Claim['payments']>[number];

const COLORS: Record<Payment['status'], string> = { pending: 'gold', in_batch: 'blue', paid: 'green', returned: 'orange' };

/** A claim's payment per funding region (a co-funded claim is paid in parts, each by its region's finance bureau). */
export function ClaimPayments({ payments }: { payments: readonly Payment[] }) {
  const t = useT();
  if (payments.length === 0) return <Typography.Text type="secondary">{t('views.payments.none')}</Typography.Text>;
  return (
    <div data-testid="claim-payments">
      {payments.map((p) => (
        <div key={p.regionCode} data-testid="claim-payment" data-region={p.regionCode} data-status={p.status} style={{ marginBottom: 4 }}>
          {p.regionName} · <Money fen={p.amount} /> · <Tag color={COLORS[p.status]}>{t(`views.payment.${p.status}` as MessageKey)}</Tag>
          {p.paidAt && (
            <Typography.Text type="secondary">
              <DateTime iso={p.paidAt} />
            </Typography.Text>
          )}
        </div>
      ))}
    </div>
  );
}
