import { Button, Descriptions, Modal } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { APPLICATION_STATUSES, type Application } from '../../api/models';
import { useAction, useLoad } from '../../components/hooks';
import { Money } from '../../components/Money';
import { NameOf, useEnterprises, usePrograms } from '../../components/names';
import { Page } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { ReviewDrawer } from '../../components/ReviewDrawer';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { StatusFilter } from '../../components/StatusFilter';

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
 * The review queue of applications: each opens in a drawer with every field and the documents
 * (the project plan) previewed; approve (an optional comment) or reject (a reason), each confirmed.
 */
export function ApplicationsReviewPage() {
  const t = useT();
  const act = useAction();
  const programs = usePrograms();
  const enterprises = useEnterprises();
  const [status, setStatus] = useState<Application['status'] | undefined>('pending');
  const [reload, setReload] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = useLoad(
    () => (openId ? ok(api.GET('/applications/{id}', { params: { path: { id: openId } } })) : Promise.resolve(undefined)),
    [openId],
  );
  const a = openId ? detail.data : undefined;
  const decided = () => {
    setOpenId(null);
    setReload((n) => n + 1);
    return true;
  };
  return (
    <Page
      title={t('review.applications')}
      testId="page-review-applications"
      extra={<StatusFilter statuses={APPLICATION_STATUSES} value={status} onChange={setStatus} />}
    >
      <PagedTable<Application>
        testId="applications-table"
        rowKey="id"
        filterKey={status ?? ''}
        reloadKey={reload}
        fetchPage={(limit, offset) => ok(api.GET('/applications', { params: { query: { status, limit, offset } } }))}
        columns={[
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime iso={v} /> },
          { title: t('review.enterprise'), dataIndex: 'enterpriseId', render: (id: string) => <NameOf map={enterprises} id={id} /> },
          { title: t('common.program'), dataIndex: 'programId', render: (id: string) => <NameOf map={programs} id={id} /> },
          { title: t('common.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <Money fen={v} /> },
          { title: t('apply.purpose'), dataIndex: 'purpose', ellipsis: true },
          {
            title: t('common.status'),
            key: 'status',
            render: (_: unknown, x: Application) => (
              <>
                <StatusTag status={x.status} />
                {x.status === 'pending' ? t(`stage.${x.stage}` as MessageKey) : x.rejectReason}
              </>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, x: Application) => (
              <Button
                data-testid="application-open"
                type={x.status === 'pending' ? 'primary' : 'default'}
                size="small"
                onClick={() => {
                  setOpenId(x.id);
                }}
              >
                {t(x.status === 'pending' ? 'review.open' : 'common.details')}
              </Button>
            ),
          },
        ]}
      />
      <ReviewDrawer
        open={openId !== null}
        testId="application-drawer"
        title={a ? `${t('review.applicationTitle')} · ${enterprises.get(a.enterpriseId)?.name ?? ''}` : t('review.applicationTitle')}
        loading={detail.loading}
        error={detail.error}
        details={
          a && (
            <Descriptions
              size="small"
              bordered
              column={1}
              items={[
                { key: 'enterprise', label: t('review.enterprise'), children: <NameOf map={enterprises} id={a.enterpriseId} /> },
                {
                  key: 'uscc',
                  label: t('reg.uscc'),
                  children: enterprises.get(a.enterpriseId)?.uscc ?? '—',
                },
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
              ]}
            />
          )
        }
        documents={a?.documents ?? []}
        decidable={a?.status === 'pending'}
        approveQuestion={t('review.approveApplicationQ')}
        onClose={() => {
          setOpenId(null);
        }}
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
    </Page>
  );
}
