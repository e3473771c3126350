import { Button, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import { ErrorAlert } from './ErrorAlert';
import { validated } from './hooks';

interface Props<V> {
  title: string;
  /** the button that opens it */
  buttonLabel: string;
  testId: string;
  initialValues?: Partial<V>;
  /** throws on failure: the error is shown in the modal */
  onSubmit: (values: V) => Promise<unknown>;
  children: (form: FormInstance<V>) => ReactNode;
  width?: number;
}

/** A button that opens a form in a modal; API errors stay in the modal, field by field. */
export function FormModal<V extends object>({ title, buttonLabel, testId, initialValues, onSubmit, children, width }: Props<V>) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<V>();
  return (
    <>
      <Button
        data-testid={`${testId}-open`}
        type="primary"
        onClick={() => {
          setOpen(true);
        }}
      >
        {buttonLabel}
      </Button>
      <Modal
        open={open}
        title={title}
        width={width}
        confirmLoading={busy}
        okText={t('common.submit')}
        okButtonProps={{ 'data-testid': `${testId}-submit` }}
        onCancel={() => {
          setOpen(false);
          setError(undefined);
        }}
        onOk={() => {
          void validated(form, async (values) => {
            setBusy(true);
            setError(undefined);
            try {
              await onSubmit(values);
              setOpen(false);
              form.resetFields();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          });
        }}
      >
        <ErrorAlert error={error} testId={`${testId}-error`} />
        <Form form={form} layout="vertical" initialValues={initialValues} data-testid={testId}>
          {children(form)}
        </Form>
      </Modal>
    </>
  );
}
