import { ConfigProvider, App as AntApp } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Lang } from '../lib/rule-words';
import { THEME } from '../theme';
import { en, zh, type MessageKey } from './messages';

const LANG_KEY = 'ivl.lang';

export type T = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: T;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const lang = localStorage.getItem(LANG_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
  // the page's language (screen readers; i18n/aria.ts) from the first render on
  document.documentElement.lang = lang;
  return lang;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    document.documentElement.lang = next;
    dayjs.locale(next === 'zh-CN' ? 'zh-cn' : 'en');
    setLangState(next);
  }, []);
  const t = useCallback<T>(
    (key, params) => {
      // keys built at run time (`as MessageKey`) may have no text: the key itself is shown then
      const words: Partial<Record<MessageKey, string>> = lang === 'zh-CN' ? zh : en;
      const text = words[key] ?? key;
      return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? '')) : text;
    },
    [lang],
  );
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={THEME}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

export function useT(): T {
  return useI18n().t;
}
