import { Spin } from 'antd';
import { HashRouter, Navigate, Route, Routes, useParams } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth/auth';
import { AppLayout } from './components/AppLayout';
import { I18nProvider } from './i18n/i18n';
import type { Role } from './api/models';
import { LINKED_KINDS, linkedScreen, screensFor } from './nav';
import { AnchorsPage } from './pages/anchors/AnchorsPage';
import { DirectoryPage } from './pages/directory/DirectoryPage';
import { ProviderPage } from './pages/directory/ProviderPage';
import { PublicFrame } from './pages/directory/PublicFrame';
import { InboxPage } from './pages/notifications/InboxPage';
import { NoticesPage } from './pages/notices/NoticesPage';
import { ChangePasswordPage } from './pages/common/ChangePasswordPage';
import { LoginPage } from './pages/common/LoginPage';
import { MePage } from './pages/common/MePage';
import { SignUpPage } from './pages/registration/SignUpPage';

/** A notification's link (`#/orders/<id>`…): the screen of that kind for the role, told which one (`?open=<id>`). */
function Linked({ role, kind, home }: { role: Role; kind: string; home: string }) {
  const { id = '' } = useParams();
  const screen = linkedScreen(role, kind);
  return <Navigate to={screen ? `${screen.path}?open=${encodeURIComponent(id)}` : home} replace />;
}

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
        <Route
          path="/directory"
          element={
            <PublicFrame>
              <DirectoryPage />
            </PublicFrame>
          }
        />
        <Route
          path="/directory/:id"
          element={
            <PublicFrame>
              <ProviderPage />
            </PublicFrame>
          }
        />
        <Route
          path="/anchors"
          element={
            <PublicFrame>
              <AnchorsPage />
            </PublicFrame>
          }
        />
        <Route
          path="/notices"
          element={
            <PublicFrame>
              <NoticesPage />
            </PublicFrame>
          }
        />
        <Route path="*" element={<Navigate to="/login" replace />} />
      </Routes>
    );
  // After a reset the server answers nothing else until the temporary password is changed.
  if (user.mustChangePassword) return <ChangePasswordPage forced />;
  const screens = screensFor(user);
  return (
    <AppLayout nav={screens}>
      <Routes>
        {screens
          .filter((s) => s.key !== 'me')
          .map((s) => (
            <Route key={s.key} path={s.path} element={s.element} />
          ))}
        {!screens.some((s) => s.key === 'directory') && <Route path="/directory" element={<DirectoryPage />} />}
        <Route path="/directory/:id" element={<ProviderPage />} />
        <Route path="/anchors" element={<AnchorsPage />} />
        <Route path="/inbox" element={<InboxPage />} />
        <Route path="/notices" element={<NoticesPage />} />
        {LINKED_KINDS.map((kind) => (
          <Route key={kind} path={`/${kind}/:id`} element={<Linked role={user.role} kind={kind} home={screens[0].path} />} />
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
