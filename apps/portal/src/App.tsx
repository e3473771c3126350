import { Spin } from 'antd';
import { HashRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth/auth';
import { AppLayout } from './components/AppLayout';
import { I18nProvider } from './i18n/i18n';
import { screensFor } from './nav';
import { ChangePasswordPage } from './pages/common/ChangePasswordPage';
import { LoginPage } from './pages/common/LoginPage';
import { MePage } from './pages/common/MePage';
import { SignUpPage } from './pages/registration/SignUpPage';

function Routed() {
  const { user, checking } = useAuth();
  if (checking)
    return (
      <div style={{ display: 'flex', height: '100vh', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" />
      </div>
    );
  if (!user)
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/signup" element={<SignUpPage />} />
        <Route path="*" element={<Navigate to="/login" replace />} />
      </Routes>
    );
  // After a reset the server answers nothing else until the temporary password is changed.
  if (user.mustChangePassword) return <ChangePasswordPage forced />;
  const screens = screensFor(user.role);
  return (
    <AppLayout nav={screens}>
      <Routes>
        {screens
          .filter((s) => s.key !== 'me')
          .map((s) => (
            <Route key={s.key} path={s.path} element={s.element} />
          ))}
        <Route path="/me" element={<MePage />} />
        <Route path="/password" element={<ChangePasswordPage />} />
        <Route path="*" element={<Navigate to={screens[0].path} replace />} />
      </Routes>
    </AppLayout>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <HashRouter>
          <Routed />
        </HashRouter>
      </AuthProvider>
    </I18nProvider>
  );
}
