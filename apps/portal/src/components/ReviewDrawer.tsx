import { Button, Drawer, Grid, Input, Modal, Space, Spin, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import { DocumentList, type DocumentView } from './documents';
import { ErrorAlert } from './ErrorAlert';
import { handler } from './hooks';
import { TextPrompt } from './prompt';

interface Props {
  open: boolean;
  title: ReactNode;
  /** data-testid of the drawer; its buttons are `${testId}-approve` / `${testId}-reject` */
  testId: string;
  loading?: boolean;
  error?: unknown;
  /** every field of what is decided on */
  details: ReactNode;
  documents: readonly DocumentView[];
  /** whether the reader may decide now (pending, and a reviewer) */
  decidable: boolean;
  /** the question of the confirmation, e.g. 确认通过该入驻申请？ */
  approveQuestion: string;
  /** whether approving takes a comment (claims' approval takes none) */
  withComment?: boolean;
  onApprove: (comment: string | undefined) => Promise<boolean>;
  onReject: (reason: string) => Promise<boolean>;
  onClose: () => void;
}

/**
 * What a reviewer decides on, in a drawer (full width on a phone): every field, every document
 * previewed inline, then approve (an optional comment, confirmed in a dialog: `approve-comment`,
 * `approve-ok`) or reject (a reason required: `reject-reason-input`, `reject-reason-ok`).
 */
export function ReviewDrawer(props: Props) {
  const { open, title, testId, loading, error, details, documents, decidable, approveQuestion, onApprove, onReject, onClose } = props;
  const withComment = props.withComment ?? true;
  const t = useT();
  const phone = !Grid.useBreakpoint().md;
  const [approving, setApproving] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  const approve = async () => {
    setBusy(true);
    try {
      if (await onApprove(comment.trim() || undefined)) {
        setApproving(false);
        setComment('');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      title={title}
      onClose={onClose}
      size={phone ? '100%' : 720}
      destroyOnHidden
      data-testid={testId}
      rootClassName={`${testId}-root`}
      footer={
        decidable && (
          <Space wrap style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button
              data-testid={`${testId}-reject`}
              danger
              onClick={() => {
                setRejecting(true);
              }}
            >
              {t('common.reject')}
            </Button>
            <Button
              data-testid={`${testId}-approve`}
              type="primary"
              onClick={() => {
                setApproving(true);
              }}
            >
              {t('common.approve')}
            </Button>
          </Space>
        )
      }
    >
      <div data-testid={`${testId}-body`}>
        <ErrorAlert error={error} />
        {loading ? (
          <Spin />
        ) : (
          <>
            {details}
            <Typography.Title level={5} style={{ marginTop: 24 }}>
              {t('documents.title')}（{documents.length}）
            </Typography.Title>
            <DocumentList documents={documents} inline testId={`${testId}-documents`} />
          </>
        )}
      </div>
      <Modal
        open={approving}
        title={approveQuestion}
        confirmLoading={busy}
        okText={t('common.approve')}
        onCancel={() => {
          setApproving(false);
        }}
        onOk={handler(approve)}
        okButtonProps={{ 'data-testid': 'approve-ok' }}
        cancelButtonProps={{ 'data-testid': 'approve-cancel' }}
        destroyOnHidden
      >
        {withComment && (
          <Input.TextArea
            data-testid="approve-comment"
            aria-label={t('review.comment')}
            placeholder={t('review.commentOptional')}
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
            }}
            rows={3}
            maxLength={2000}
          />
        )}
      </Modal>
      <TextPrompt
        open={rejecting}
        title={t('review.rejectTitle')}
        testId="reject-reason"
        onCancel={() => {
          setRejecting(false);
        }}
        onSubmit={async (reason) => {
          if (await onReject(reason)) setRejecting(false);
        }}
      />
    </Drawer>
  );
}
