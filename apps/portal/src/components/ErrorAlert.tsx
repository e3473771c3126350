import { Alert } from 'antd';
import { errorText } from '../i18n/errors';
import { useI18n } from '../i18n/i18n';

/** An API error in the user's language, with one line per invalid field. */
export function ErrorAlert({ error, testId = 'error' }: { error: unknown; testId?: string }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const text = errorText(error, t, lang);
  const lines = [...text.fields, ...(text.detail && text.fields.length === 0 ? [text.detail] : [])];
  return (
    <Alert
      data-testid={testId}
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={text.message}
      description={lines.length > 0 ? lines.map((l) => <div key={l}>{l}</div>) : undefined}
    />
  );
}
