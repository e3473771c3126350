import { Form, Input, Modal, Rate, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { Redemption } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { handler, validated } from '../../components/hooks';
import { useT } from '../../i18n/i18n';

/** 评价: 1–5 stars and a comment on a confirmed redemption, once (POST /redemptions/:id/rating). */
export function RateModal({
  redemption,
  providerName,
  onClose,
  onDone,
}: {
  redemption: Redemption | null;
  providerName?: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ stars: number; comment?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <Modal
      open={redemption !== null}
      title={t('rate.title')}
      destroyOnHidden
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'rate-ok' }}
      onCancel={onClose}
      onOk={handler(() =>
        validated(form, async (v) => {
          setBusy(true);
          setError(undefined);
          try {
            const comment = v.comment?.trim();
            await ok(
              api.POST('/redemptions/{id}/rating', {
                params: { path: { id: redemption?.id ?? '' } },
                body: { stars: v.stars, ...(comment ? { comment } : {}) },
              }),
            );
            form.resetFields();
            onDone();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }),
      )}
    >
      {redemption && (
        <Typography.Paragraph type="secondary">
          {providerName ? `${providerName} · ` : ''}
          {redemption.description}
        </Typography.Paragraph>
      )}
      <ErrorAlert error={error} testId="rate-error" />
      <Form form={form} layout="vertical" preserve={false} requiredMark={false}>
        <Form.Item name="stars" label={t('rate.stars')} rules={[{ required: true, message: t('common.required') }]}>
          <Rate data-testid="rate-stars" />
        </Form.Item>
        <Form.Item name="comment" label={t('rate.comment')}>
          <Input.TextArea data-testid="rate-comment" rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
