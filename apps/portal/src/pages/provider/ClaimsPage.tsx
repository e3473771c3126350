import { useState } from 'react';
import { CLAIM_STATUSES, type Claim } from '../../api/models';
import { Page } from '../../components/Page';
import { useT } from '../../i18n/i18n';
import { ClaimsTable } from './ClaimsTable';
import { StatusFilter } from '../../components/StatusFilter';

/** Claims and their status (provider), or the review queue (county officer, city admin). */
export function ClaimsPage({ review }: { review?: boolean }) {
  const t = useT();
  const [status, setStatus] = useState<Claim['status'] | undefined>(review ? 'submitted' : undefined);
  return (
    <Page
      title={t(review ? 'review.claims' : 'menu.claims')}
      testId={review ? 'page-review-claims' : 'page-claims'}
      extra={<StatusFilter statuses={CLAIM_STATUSES} value={status} onChange={setStatus} />}
    >
      <ClaimsTable status={status} review={review} />
    </Page>
  );
}
