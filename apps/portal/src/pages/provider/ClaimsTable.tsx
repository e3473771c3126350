import { Button, Descriptions } from 'antd';
import { formatFen } from '@ivl/rules';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, ok, okPage } from '../../api/client';
import type { Claim, Redemption } from '../../api/models';
import { useAction, useLoad } from '../../components/hooks';
import { useOpenParam } from '../../components/openParam';
import { useUser } from '../../auth/auth';
import { mayReviewClaim } from '../../lib/may';
import { ClaimPayments } from './ClaimPayments';
import { StatusHistory } from '../../components/StatusHistory';
import { Money } from '../../components/Money';
import { NameOf, useEnterprises, usePrograms, useProviders } from '../../components/names';
import { PagedTable } from '../../components/PagedTable';
import { ReviewDrawer } from '../../components/ReviewDrawer';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

/**
 * Claims as scoped for the caller. Each opens in a drawer with every field and its documents (the
 * invoice file, service reports) previewed; officers approve or reject there, behind a confirmation.
 */
export function ClaimsTable({ status, review }: { status?: Claim['status']; review?: boolean }) {
  const t = useT();
  const act = useAction();
  const programs = usePrograms();
  const providers = useProviders();
  const enterprises = useEnterprises(review === true);
  const user = useUser();
  const [reload, setReload] = useState(0);
  const [openId, setOpenId] = useOpenParam();
  // Whether the user may decide on a claim now: its state, and its program issued by the user's region.
  const decides = (x: Claim) => review === true && mayReviewClaim(user, x, programs.get(x.programId)?.issuerRegionCode);
  // The claim and the redemptions it names (what was served, to whom, for how much).
  const detail = useLoad(async () => {
    if (!openId) return undefined;
    const claim = await ok(api.GET('/claims/{id}', { params: { path: { id: openId } } }));
    const redemptions = await Promise.all(
      claim.redemptionIds.map((id) => ok(api.GET('/redemptions/{id}', { params: { path: { id } } })).catch(() => null)),
    );
    return { ...claim, redemptions: redemptions.filter((r): r is Redemption => r !== null) };
  }, [openId]);
  const c = openId ? detail.data : undefined;
  const decided = () => {
    setOpenId(null);
    setReload((n) => n + 1);
    return true;
  };
  const columns: ColumnsType<Claim> = [
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime iso={v} /> },
    ...(review
      ? [{ title: t('redemption.provider'), dataIndex: 'providerId', render: (id: string) => <NameOf map={providers} id={id} /> }]
      : []),
    { title: t('common.program'), dataIndex: 'programId', render: (id: string) => <NameOf map={programs} id={id} /> },
    { title: t('claim.invoiceNumber'), key: 'invoice', render: (_: unknown, x: Claim) => `${x.invoice.number} (${x.invoice.date})` },
    { title: t('claim.redemptions'), key: 'n', render: (_: unknown, x: Claim) => x.redemptionIds.length },
    { title: t('common.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <Money fen={v} /> },
    {
      title: t('common.status'),
      key: 'status',
      render: (_: unknown, x: Claim) => (
        <>
          <StatusTag status={x.status} />
          {x.rejectReason}
        </>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, x: Claim) => {
        const deciding = decides(x);
        return (
          <Button
            data-testid="claim-open"
            type={deciding ? 'primary' : 'default'}
            size="small"
            onClick={() => {
              setOpenId(x.id);
            }}
          >
            {t(deciding ? 'review.open' : 'common.details')}
          </Button>
        );
      },
    },
  ];
  return (
    <>
      <PagedTable<Claim>
        testId="claims-table"
        phoneCards
        rowKey="id"
        filterKey={status ?? ''}
        reloadKey={reload}
        searchPlaceholder={t('search.claims')}
        fetchPage={(limit, offset, q) => okPage(api.GET('/claims', { params: { query: { status, q, limit, offset } } }))}
        columns={columns}
      />
      <ReviewDrawer
        open={openId !== null}
        testId="claim-drawer"
        title={c ? `${t('review.claimTitle')} · ${providers.get(c.providerId)?.name ?? ''}` : t('review.claimTitle')}
        loading={detail.loading}
        error={detail.error}
        details={
          c && (
            <Descriptions
              size="small"
              bordered
              column={1}
              items={[
                { key: 'provider', label: t('redemption.provider'), children: <NameOf map={providers} id={c.providerId} /> },
                { key: 'program', label: t('common.program'), children: <NameOf map={programs} id={c.programId} /> },
                { key: 'number', label: t('claim.invoiceNumber'), children: c.invoice.number },
                { key: 'date', label: t('claim.invoiceDate'), children: c.invoice.date },
                { key: 'invoiceAmount', label: t('claim.invoiceAmount'), children: <Money fen={c.invoice.amount} /> },
                { key: 'amount', label: t('common.amount'), children: <Money fen={c.amount} /> },
                {
                  key: 'redemptions',
                  label: `${t('review.redemptionIds')}（${c.redemptionIds.length}）`,
                  children: c.redemptions.map((r) => (
                    <div key={r.id} data-testid="claim-redemption" style={{ marginBottom: 6 }}>
                      {review ? <NameOf map={enterprises} id={r.enterpriseId} /> : r.voucherCode} ·{' '}
                      {t(`category.${r.category}` as MessageKey)} · {r.description}
                      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                        {t('redemption.order')} <Money fen={r.orderAmount} /> · {t('redemption.subsidy')} <Money fen={r.subsidy} /> ·{' '}
                        <DateTime iso={r.confirmedAt ?? r.createdAt} />
                      </div>
                    </div>
                  )),
                },
                {
                  key: 'status',
                  label: t('common.status'),
                  children: (
                    <>
                      <StatusTag status={c.status} />
                      {c.rejectReason}
                    </>
                  ),
                },
                { key: 'created', label: t('common.createdAt'), children: <DateTime iso={c.createdAt} /> },
                ...(c.decidedAt ? [{ key: 'decided', label: t('views.approvedAt'), children: <DateTime iso={c.decidedAt} /> }] : []),
                { key: 'payments', label: t('views.payments'), children: <ClaimPayments payments={c.payments ?? []} /> },
                { key: 'history', label: t('views.history'), children: <StatusHistory entityType="claim" entityId={c.id} /> },
              ]}
            />
          )
        }
        documents={c?.documents ?? []}
        decidable={c !== undefined && decides(c)}
        approveQuestion={
          c ? t('views.approveClaimQ', { provider: providers.get(c.providerId)?.name ?? '', amount: formatFen(c.amount) }) : ''
        }
        withComment={false}
        onClose={() => {
          setOpenId(null);
        }}
        onApprove={async () => {
          if (!c) return false;
          const done = await act(() => api.POST('/claims/{id}/approve', { params: { path: { id: c.id } } }));
          return done ? decided() : false;
        }}
        onReject={async (reason) => {
          if (!c) return false;
          const done = await act(() => api.POST('/claims/{id}/reject', { params: { path: { id: c.id } }, body: { reason } }));
          return done ? decided() : false;
        }}
      />
    </>
  );
}
