import { Button, Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** The centred card of the screens outside the app's frame (login, the forced password change), with the language switch. */
export function AuthCard({
  title,
  testId,
  width = 380,
  children,
}: {
  title: ReactNode;
  testId: string;
  width?: number;
  children: ReactNode;
}) {
  const { t, lang, setLang } = useI18n();
  return (
    <div
      style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 16 }}
    >
      <Card style={{ width, maxWidth: '100%' }} data-testid={testId}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {title}
          </Typography.Title>
          <Button
            data-testid="lang-switch"
            type="link"
            onClick={() => {
              setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN');
            }}
          >
            {t('lang.switch')}
          </Button>
        </div>
        {children}
      </Card>
    </div>
  );
}
