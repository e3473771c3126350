import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, getToken, ok, setToken, setUnauthenticatedHandler } from '../api/client';
import type { User } from '../api/models';

interface Auth {
  user: User | null;
  /** true while the stored token is being checked with GET /users/me */
  checking: boolean;
  /**
   * why the last session ended, to say so on the login screen; `applicantEnded`: an applicant's session
   * ends when its registration is approved (its user becomes the enterprise's or provider's)
   */
  ended: 'expired' | 'passwordChanged' | 'applicantEnded' | null;
  login: (username: string, password: string) => Promise<User>;
  logout: () => void;
  /** The server ended every session of the user with the change: back to the login screen, saying why. */
  passwordChanged: () => void;
}

const AuthContext = createContext<Auth | null>(null);

/** The role of the tab's last session, to tell an applicant's ended session from any other. */
const LAST_ROLE_KEY = 'ivl.lastRole';
function remember(user: User): User {
  sessionStorage.setItem(LAST_ROLE_KEY, user.role);
  return user;
}
function endedSession(): Auth['ended'] {
  return sessionStorage.getItem(LAST_ROLE_KEY) === 'applicant' ? 'applicantEnded' : 'expired';
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(() => getToken() !== null);
  const [ended, setEnded] = useState<Auth['ended']>(null);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setUser(null);
      setEnded(endedSession());
    });
    if (!getToken()) return;
    ok(api.GET('/users/me'))
      .then((u) => {
        setUser(remember(u));
      })
      .catch(() => {
        setToken(null);
        setEnded(endedSession());
      })
      .finally(() => {
        setChecking(false);
      });
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await ok(api.POST('/auth/login', { body: { username, password } }));
    setToken(answer.accessToken);
    setEnded(null);
    setUser(remember(answer.user));
    return answer.user;
  }, []);

  const logout = useCallback(() => {
    sessionStorage.removeItem(LAST_ROLE_KEY);
    setToken(null);
    setUser(null);
    window.location.hash = '#/login';
  }, []);

  const passwordChanged = useCallback(() => {
    setToken(null);
    setUser(null);
    setEnded('passwordChanged');
    window.location.hash = '#/login';
  }, []);

  const value = useMemo(
    () => ({ user, checking, ended, login, logout, passwordChanged }),
    [user, checking, ended, login, logout, passwordChanged],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The logged-in user (only inside the authenticated layout). */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('no user');
  return user;
}
