import { Button, Layout, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { BRAND_RED } from '../../theme';

/** The frame of the public pages (the directory): title, language, and the way to log in. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ background: '#fff', padding: '0 12px', display: 'flex', alignItems: 'center', gap: 8, borderBottom: '1px solid #f0f0f0' }}
      >
        <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
          <Link to="/directory" style={{ color: BRAND_RED }}>
            {t('app.title')}
          </Link>
        </Typography.Text>
        <div style={{ flex: 1 }} />
        <Space size={4}>
          <Button
            data-testid="lang-switch"
            type="text"
            onClick={() => {
              setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN');
            }}
          >
            {t('lang.switch')}
          </Button>
          <Link to="/login" data-testid="public-login">
            <Button type="primary">{t('dir.toLogin')}</Button>
          </Link>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 1200, width: '100%', margin: '0 auto' }}>{children}</Layout.Content>
    </Layout>
  );
}
