import { Form, Input } from 'antd';
import { api, ok } from '../../api/client';
import type { DocumentView } from '../../api/models';
import { DocumentUpload, idsOf } from '../../components/documents';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/i18n';

interface Values {
  redemptionId?: string;
  reason: string;
  evidence?: DocumentView[];
}

/**
 * 追回: POST /redemptions/{id}/clawback with the audit finding's reason and evidence. Given a
 * redemption (a sampled one), it claws back that one; without, it asks for the redemption id.
 */
export function ClawbackModal({ redemptionId, onDone }: { redemptionId?: string; onDone?: () => void }) {
  const t = useT();
  return (
    <FormModal<Values>
      title={t('clawback.modalTitle')}
      buttonLabel={redemptionId ? t('clawback.action') : t('clawback.byRedemption')}
      testId="clawback"
      onSubmit={async (v) => {
        const id = redemptionId ?? v.redemptionId?.trim() ?? '';
        await ok(
          api.POST('/redemptions/{id}/clawback', {
            params: { path: { id } },
            body: { reason: v.reason.trim(), documentIds: idsOf(v.evidence) },
          }),
        );
        onDone?.();
      }}
    >
      {() => (
        <>
          {!redemptionId && (
            <Form.Item name="redemptionId" label={t('clawback.redemptionId')} rules={[{ required: true, whitespace: true }]}>
              <Input data-testid="clawback-redemption" />
            </Form.Item>
          )}
          <Form.Item
            name="reason"
            label={t('clawback.reason')}
            rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
          >
            <Input.TextArea data-testid="clawback-reason" rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="evidence" label={t('clawback.evidence')}>
            <DocumentUpload testId="clawback-evidence" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
