import { Button } from 'antd';
import { useState } from 'react';
import { useUser } from '../../auth/auth';
import { useOpenParam } from '../../components/openParam';
import { useRegions } from '../../components/regions';
import { mayReviewApplication } from '../../lib/may';
import { api, okPage } from '../../api/client';
import { APPLICATION_STATUSES, type Application } from '../../api/models';
import { Money } from '../../components/Money';
import { NameOf, useEnterprises, usePrograms } from '../../components/names';
import { Page } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { ApplicationDrawer } from './ApplicationDrawer';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { StatusFilter } from '../../components/StatusFilter';

/**
 * The review queue of applications: each opens in a drawer with every field and the documents
 * (the project plan) previewed; approve (an optional comment) or reject (a reason), each confirmed.
 */
export function ApplicationsReviewPage() {
  const t = useT();
  const programs = usePrograms();
  const enterprises = useEnterprises();
  const [status, setStatus] = useState<Application['status'] | undefined>('pending');
  const [reload, setReload] = useState(0);
  const [openId, setOpenId] = useOpenParam();
  const user = useUser();
  const regions = useRegions();
  // 通过/驳回 only where the stage under review is the user's (an officer's none on one waiting for the city).
  const decides = (x: Application) => {
    const issuer = regions.find((r) => r.code === programs.get(x.programId)?.issuerRegionCode);
    return mayReviewApplication(user, x, issuer && { regionCode: issuer.code, level: issuer.level });
  };
  return (
    <Page
      title={t('review.applications')}
      testId="page-review-applications"
      extra={<StatusFilter statuses={APPLICATION_STATUSES} value={status} onChange={setStatus} />}
    >
      <PagedTable<Application>
        testId="applications-table"
        phoneCards
        rowKey="id"
        filterKey={status ?? ''}
        reloadKey={reload}
        searchPlaceholder={t('search.applications')}
        fetchPage={(limit, offset, q) => okPage(api.GET('/applications', { params: { query: { status, q, limit, offset } } }))}
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
                type={decides(x) ? 'primary' : 'default'}
                size="small"
                onClick={() => {
                  setOpenId(x.id);
                }}
              >
                {t(decides(x) ? 'review.open' : 'common.details')}
              </Button>
            ),
          },
        ]}
      />
      <ApplicationDrawer
        id={openId}
        review
        decides={decides}
        onClose={() => {
          setOpenId(null);
        }}
        onDecided={() => {
          setOpenId(null);
          setReload((n) => n + 1);
        }}
      />
    </Page>
  );
}
