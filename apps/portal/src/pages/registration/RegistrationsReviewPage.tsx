import { Button, Select, Space } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { Registration, RegistrationKind, RegistrationStatus } from '../../api/models';
import { useUser } from '../../auth/auth';
import { useAction, useLoad } from '../../components/hooks';
import { Page } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { RegionName } from '../../components/regions';
import { ReviewDrawer } from '../../components/ReviewDrawer';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { RegistrationDetails, RegistrationStatusTag } from './fields';

const STATUSES: RegistrationStatus[] = ['submitted', 'rejected', 'approved'];

/**
 * The registration queue: a county officer sees the enterprises of its region, the city admin every
 * registration (providers' applications to the directory especially). A drawer shows every field and
 * the documents previewed; approve or reject behind a confirmation.
 */
export function RegistrationsReviewPage() {
  const t = useT();
  const act = useAction();
  const user = useUser();
  const city = user.role === 'city_admin';
  const [status, setStatus] = useState<RegistrationStatus | undefined>('submitted');
  const [kind, setKind] = useState<RegistrationKind | undefined>(undefined);
  const [reload, setReload] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = useLoad(
    () => (openId ? ok(api.GET('/registrations/{id}', { params: { path: { id: openId } } })) : Promise.resolve(undefined)),
    [openId],
  );
  const r = openId ? detail.data : undefined;

  const decided = () => {
    setOpenId(null);
    setReload((n) => n + 1);
    return true;
  };

  return (
    <Page
      title={t('menu.reviewRegistrations')}
      testId="page-review-registrations"
      extra={
        <Space wrap>
          {city && (
            <Select<RegistrationKind>
              data-testid="filter-kind"
              allowClear
              placeholder={t('reg.kind')}
              style={{ width: 150 }}
              value={kind}
              onChange={setKind}
              options={(['enterprise', 'provider'] as const).map((k) => ({ value: k, label: t(`reg.kind.${k}`) }))}
            />
          )}
          <Select<RegistrationStatus>
            data-testid="filter-status"
            allowClear
            placeholder={t('common.status')}
            style={{ width: 130 }}
            value={status}
            onChange={setStatus}
            options={STATUSES.map((s) => ({ value: s, label: t(`reg.status.${s}` as MessageKey) }))}
          />
        </Space>
      }
    >
      <PagedTable<Registration>
        testId="registrations-table"
        rowKey="id"
        filterKey={`${status}|${kind}`}
        reloadKey={reload}
        fetchPage={(limit, offset) => ok(api.GET('/registrations', { params: { query: { status, kind, limit, offset } } }))}
        columns={[
          { title: t('reg.submittedAt'), dataIndex: 'submittedAt', render: (v: string) => <DateTime iso={v} /> },
          { title: t('reg.kind'), dataIndex: 'kind', render: (k: string) => t(`reg.kind.${k}` as MessageKey) },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('reg.uscc'), dataIndex: 'uscc' },
          { title: t('common.region'), dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} /> },
          {
            title: t('common.status'),
            key: 'status',
            render: (_: unknown, x: Registration) => (
              <>
                <RegistrationStatusTag status={x.status} />
                {x.status === 'rejected' && x.rejectionReason}
              </>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, x: Registration) => (
              <Button
                data-testid="registration-open"
                type={x.status === 'submitted' ? 'primary' : 'default'}
                size="small"
                onClick={() => {
                  setOpenId(x.id);
                }}
              >
                {t(x.status === 'submitted' ? 'review.open' : 'common.details')}
              </Button>
            ),
          },
        ]}
      />
      <ReviewDrawer
        open={openId !== null}
        testId="registration-drawer"
        title={r ? `${t(`reg.kind.${r.kind}`)} · ${r.name}` : t('common.details')}
        loading={detail.loading}
        error={detail.error}
        details={r && <RegistrationDetails registration={r} />}
        documents={r?.documents ?? []}
        decidable={r?.status === 'submitted'}
        approveQuestion={t(r?.kind === 'provider' ? 'reg.approveProviderQ' : 'reg.approveEnterpriseQ', { name: r?.name ?? '' })}
        onClose={() => {
          setOpenId(null);
        }}
        onApprove={async (comment) => {
          if (!r) return false;
          const done = await act(
            () => api.POST('/registrations/{id}/approve', { params: { path: { id: r.id } }, body: comment ? { comment } : {} }),
            t('reg.approved'),
          );
          return done ? decided() : false;
        }}
        onReject={async (reason) => {
          if (!r) return false;
          const done = await act(
            () => api.POST('/registrations/{id}/reject', { params: { path: { id: r.id } }, body: { reason } }),
            t('reg.rejected'),
          );
          return done ? decided() : false;
        }}
      />
    </Page>
  );
}
