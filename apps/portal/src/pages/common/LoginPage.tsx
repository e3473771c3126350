import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../auth/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { login, ended } = useAuth();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }} data-testid="login-page">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('app.title')}
          </Typography.Title>
          <Button data-testid="lang-switch" type="link" onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}>
            {t('lang.switch')}
          </Button>
        </div>
        <Typography.Paragraph type="secondary">{t('auth.welcome')}</Typography.Paragraph>
        {ended === 'expired' && !error && <Alert type="warning" showIcon title={t('auth.sessionEnded')} style={{ marginBottom: 16 }} />}
        {ended === 'passwordChanged' && !error && (
          <Alert data-testid="login-password-changed" type="success" showIcon title={t('password.changedLogInAgain')} style={{ marginBottom: 16 }} />
        )}
        <ErrorAlert error={error} testId="login-error" />
        <Form
          layout="vertical"
          onFinish={async (v: { username: string; password: string }) => {
            setBusy(true);
            setError(undefined);
            try {
              await login(v.username.trim(), v.password);
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('common.required') }]}>
            <Input data-testid="login-username" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password data-testid="login-password" autoComplete="current-password" />
          </Form.Item>
          <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={busy}>
            {t('auth.login')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
