import { Button, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { APPLICATION_STATUSES, type Application } from '../../api/models';
import { handler, useAction } from '../../components/hooks';
import { Money } from '../../components/Money';
import { NameOf, useEnterprises, usePrograms } from '../../components/names';
import { Page } from '../../components/Page';
import { PagedTable } from '../../components/PagedTable';
import { TextPrompt } from '../../components/prompt';
import { StatusTag } from '../../components/StatusTag';
import { DateTime } from '../../components/Time';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { StatusFilter } from '../../components/StatusFilter';

/** The review queue of applications: approve (with an optional comment) or reject with a reason. */
export function ApplicationsReviewPage() {
  const t = useT();
  const act = useAction();
  const programs = usePrograms();
  const enterprises = useEnterprises();
  const [status, setStatus] = useState<Application['status'] | undefined>('pending');
  const [reload, setReload] = useState(0);
  const [rejecting, setRejecting] = useState<Application | null>(null);
  const [approving, setApproving] = useState<Application | null>(null);
  const [comment, setComment] = useState('');
  const approve = async () => {
    if (!approving) return;
    const body = comment.trim() ? { comment: comment.trim() } : {};
    const answer = await act(() => ok(api.POST('/applications/{id}/approve', { params: { path: { id: approving.id } }, body })));
    if (answer) {
      if (answer.voucher) Modal.success({ title: t('review.issued', { code: answer.voucher.code }) });
      setApproving(null);
      setComment('');
      setReload((n) => n + 1);
    }
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
            render: (_: unknown, a: Application) => (
              <>
                <StatusTag status={a.status} />
                {a.status === 'pending' ? t(`stage.${a.stage}` as MessageKey) : a.rejectReason}
              </>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, a: Application) =>
              a.status === 'pending' && (
                <Space>
                  <Button
                    data-testid="application-approve"
                    type="primary"
                    size="small"
                    onClick={() => {
                      setApproving(a);
                    }}
                  >
                    {t('common.approve')}
                  </Button>
                  <Button
                    data-testid="application-reject"
                    danger
                    size="small"
                    onClick={() => {
                      setRejecting(a);
                    }}
                  >
                    {t('common.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={approving !== null}
        title={t('review.approveQ')}
        onCancel={() => {
          setApproving(null);
        }}
        onOk={handler(approve)}
        okButtonProps={{ 'data-testid': 'approve-ok' }}
        destroyOnHidden
      >
        <Input.TextArea
          data-testid="approve-comment"
          aria-label={t('review.comment')}
          placeholder={t('review.comment')}
          value={comment}
          onChange={(e) => {
            setComment(e.target.value);
          }}
          maxLength={2000}
        />
      </Modal>
      <TextPrompt
        open={rejecting !== null}
        title={t('review.rejectTitle')}
        testId="reject-reason"
        onCancel={() => {
          setRejecting(null);
        }}
        onSubmit={async (reason) => {
          if (
            rejecting &&
            (await act(() => api.POST('/applications/{id}/reject', { params: { path: { id: rejecting.id } }, body: { reason } })))
          ) {
            setRejecting(null);
            setReload((n) => n + 1);
          }
        }}
      />
    </Page>
  );
}
