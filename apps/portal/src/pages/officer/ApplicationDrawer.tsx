import { Descriptions, Modal } from 'antd';
import { api, ok } from '../../api/client';
import { useAction, useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { NameOf, useEnterprises, usePrograms } from '../../components/names';
import { ReviewDrawer } from '../../components/ReviewDrawer';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import type { Application } from '../../api/models';
import { StatusHistory } from '../../components/StatusHistory';

/** A review step's record on an application (by, role, at, approved, comment). */
interface Decision {
  at?: string;
  approved?: boolean;
  comment?: string | null;
}

function DecisionText({ decision }: { decision: Record<string, unknown> | null }) {
  const t = useT();
  if (!decision) return <>—</>;
  const d = decision as Decision;
  return (
    <>
      {t(d.approved ? 'status.approved' : 'status.rejected')} · <DateTime iso={d.at} />
      {d.comment ? ` · ${d.comment}` : ''}
    </>
  );
}

/**
 * One application in a drawer: every field, the review so far, its documents (the project plan)
 * previewed. A reviewer (`review`) approves (optional comment) or rejects (reason) while it is pending;
 * the enterprise only reads.
 */
export function ApplicationDrawer({
  id,
  review = false,
  decides,
  onClose,
  onDecided,
}: {
  id: string | null;
  review?: boolean;
  /** whether the reader may decide on it now (lib/may.ts): the stage under review is its */
  decides?: (a: Application) => boolean;
  onClose: () => void;
  onDecided?: () => void;
}) {
  const t = useT();
  const act = useAction();
  const programs = usePrograms();
  const enterprises = useEnterprises(review);
  const detail = useLoad(() => (id ? ok(api.GET('/applications/{id}', { params: { path: { id } } })) : Promise.resolve(undefined)), [id]);
  const a = id ? detail.data : undefined;
  const decided = () => {
    onDecided?.();
    return true;
  };
  return (
    <ReviewDrawer
      open={id !== null}
      testId="application-drawer"
      title={
        a && review ? `${t('review.applicationTitle')} · ${enterprises.get(a.enterpriseId)?.name ?? ''}` : t('review.applicationTitle')
      }
      loading={detail.loading}
      error={detail.error}
      details={
        a && (
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              ...(review
                ? [
                    { key: 'enterprise', label: t('review.enterprise'), children: <NameOf map={enterprises} id={a.enterpriseId} /> },
                    { key: 'uscc', label: t('reg.uscc'), children: enterprises.get(a.enterpriseId)?.uscc ?? '—' },
                  ]
                : []),
              { key: 'program', label: t('common.program'), children: <NameOf map={programs} id={a.programId} /> },
              { key: 'amount', label: t('apply.amount'), children: <Money fen={a.amount} /> },
              { key: 'purpose', label: t('apply.purpose'), children: a.purpose },
              {
                key: 'status',
                label: t('common.status'),
                children: (
                  <>
                    <StatusTag status={a.status} />
                    {a.status === 'pending' && t(`stage.${a.stage}` as MessageKey)}
                    {a.rejectReason && ` ${a.rejectReason}`}
                  </>
                ),
              },
              { key: 'created', label: t('common.createdAt'), children: <DateTime iso={a.createdAt} /> },
              { key: 'county', label: t('review.decisionCounty'), children: <DecisionText decision={a.countyDecision} /> },
              { key: 'city', label: t('review.decisionCity'), children: <DecisionText decision={a.cityDecision} /> },
              { key: 'history', label: t('views.history'), children: <StatusHistory entityType="application" entityId={a.id} /> },
            ]}
          />
        )
      }
      documents={a?.documents ?? []}
      decidable={review && a?.status === 'pending' && (decides?.(a) ?? true)}
      approveQuestion={t('review.approveApplicationQ')}
      onClose={onClose}
      onApprove={async (comment) => {
        if (!a) return false;
        const answer = await act(() =>
          ok(api.POST('/applications/{id}/approve', { params: { path: { id: a.id } }, body: comment ? { comment } : {} })),
        );
        if (!answer) return false;
        if (answer.voucher) Modal.success({ title: t('review.issued', { code: answer.voucher.code }) });
        return decided();
      }}
      onReject={async (reason) => {
        if (!a) return false;
        const done = await act(() => api.POST('/applications/{id}/reject', { params: { path: { id: a.id } }, body: { reason } }));
        return done ? decided() : false;
      }}
    />
  );
}
