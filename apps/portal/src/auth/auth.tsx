import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, getToken, ok, setToken, setUnauthenticatedHandler } from '../api/client';
import type { User } from '../api/models';

interface Auth {
  user: User | null;
  /** true while the stored token is being checked with GET /users/me */
  checking: boolean;
  /** why the last session ended, to say so on the login screen */
  ended: 'expired' | 'passwordChanged' | null;
  login: (username: string, password: string) => Promise<User>;
  logout: () => void;
  /** The server ended every session of the user with the change: back to the login screen, saying why. */
  passwordChanged: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(() => getToken() !== null);
  const [ended, setEnded] = useState<Auth['ended']>(null);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setUser(null);
      setEnded('expired');
    });
    if (!getToken()) return;
    ok(api.GET('/users/me'))
      .then(setUser)
      .catch(() => {
        setToken(null);
      })
      .finally(() => {
        setChecking(false);
      });
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await ok(api.POST('/auth/login', { body: { username, password } }));
    setToken(answer.accessToken);
    setEnded(null);
    setUser(answer.user);
    return answer.user;
  }, []);

  const logout = useCallback(() => {
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
