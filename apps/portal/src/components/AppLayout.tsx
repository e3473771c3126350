import { MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useAuth, useUser } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { NotificationBell } from './NotificationBell';
import { BRAND_RED } from '../theme';

export interface NavItem {
  key: string;
  path: string;
  label: MessageKey;
}

/** The frame of every screen after login: a side menu (a drawer on phones), the header with the bell, language and user. */
export function AppLayout({ nav, children }: { nav: NavItem[]; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const user = useUser();
  const { logout } = useAuth();
  const screens = Grid.useBreakpoint();
  const phone = !screens.lg;
  const [drawer, setDrawer] = useState(false);
  const location = useLocation();
  // The longest matching path wins: /claims/new selects "new claim", not "claims".
  const selected = nav
    .filter((n) => location.pathname === n.path || location.pathname.startsWith(`${n.path}/`))
    .sort((a, b) => b.path.length - a.path.length)
    .slice(0, 1)
    .map((n) => n.key);

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected}
      onClick={() => {
        setDrawer(false);
      }}
      items={nav.map((n) => ({
        key: n.key,
        label: (
          <Link to={n.path} data-testid={`menu-${n.key}`}>
            {t(n.label)}
          </Link>
        ),
      }))}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!phone && (
        <Layout.Sider width={220} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16, color: BRAND_RED }}>{t('app.title')}</div>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: phone ? '0 12px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {phone && (
            <Button
              data-testid="menu-toggle"
              icon={<MenuOutlined />}
              onClick={() => {
                setDrawer(true);
              }}
              aria-label={t('menu.open')}
            />
          )}
          {phone && (
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {t('app.title')}
            </Typography.Text>
          )}
          <div style={{ flex: 1 }} />
          <Space size={4}>
            <NotificationBell />
            <Button
              data-testid="lang-switch"
              type="text"
              onClick={() => {
                setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN');
              }}
            >
              {t('lang.switch')}
            </Button>
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  {
                    key: 'me',
                    label: (
                      <Link to="/me" data-testid="user-me">
                        {t('auth.me')}
                      </Link>
                    ),
                  },
                  {
                    key: 'password',
                    label: (
                      <Link to="/password" data-testid="user-password">
                        {t('password.title')}
                      </Link>
                    ),
                  },
                  { key: 'logout', label: <span data-testid="logout">{t('auth.logout')}</span>, onClick: logout },
                ],
              }}
            >
              <Button data-testid="user-menu" type="text" icon={<UserOutlined />}>
                {phone ? null : `${user.username} · ${t(`role.${user.role}`)}`}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: phone ? 12 : 24 }}>{children}</Layout.Content>
      </Layout>
      <Drawer
        placement="left"
        open={phone && drawer}
        onClose={() => {
          setDrawer(false);
        }}
        size={260}
        title={t('app.title')}
        styles={{ body: { padding: 0 } }}
      >
        {menu}
      </Drawer>
    </Layout>
  );
}
