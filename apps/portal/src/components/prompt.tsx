import { Form, Input, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import { validated } from './hooks';

interface Props {
  open: boolean;
  title: string;
  label?: string;
  testId?: string;
  maxLength?: number;
  onCancel: () => void;
  /** more of the form below the text (e.g. the bank receipt's upload) */
  extra?: ReactNode;
  /** resolves when done; the modal stays open while it runs */
  onSubmit: (text: string) => Promise<unknown>;
}

/** Asks for one line of text: a reason to reject, revoke or return; a bank reference. */
export function TextPrompt({ open, title, label, testId = 'prompt', maxLength = 2000, extra, onCancel, onSubmit }: Props) {
  const t = useT();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={title}
      destroyOnHidden
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': `${testId}-ok` }}
      cancelButtonProps={{ 'data-testid': `${testId}-cancel` }}
      onCancel={onCancel}
      onOk={() => {
        void validated(form, async ({ text }) => {
          setBusy(true);
          try {
            await onSubmit(text.trim());
            form.resetFields();
          } finally {
            setBusy(false);
          }
        });
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="text"
          label={label ?? t('common.reason')}
          rules={[
            { required: true, whitespace: true, message: label ? t('common.fieldRequired', { field: label }) : t('common.reasonRequired') },
          ]}
        >
          <Input.TextArea data-testid={`${testId}-input`} rows={3} maxLength={maxLength} showCount />
        </Form.Item>
      </Form>
      {extra}
    </Modal>
  );
}
