import { App, type FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../i18n/errors';
import { useI18n } from '../i18n/i18n';

/** Loads something when its dependencies change; `reload()` loads again. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
): { data: T | undefined; loading: boolean; error: unknown; reload: () => void } {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let live = true;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a new load starts here: its loading state starts with it
    setLoading(true);
    setError(undefined);
    loadRef
      .current()
      .then((d) => {
        if (live) setData(d);
      })
      .catch((e: unknown) => {
        if (live) setError(e);
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => {
    setTick((n) => n + 1);
  }, []);
  return { data, loading, error, reload };
}

/** Runs an action, shows success or the localised error as a message; returns whether it worked. */
export function useAction() {
  const { t, lang } = useI18n();
  const { message, notification } = App.useApp();
  return useCallback(
    async <R>(action: () => Promise<R>, success?: string): Promise<R | undefined> => {
      try {
        const result = await action();
        void message.success(success ?? t('common.done'));
        return result;
      } catch (e) {
        const text = errorText(e, t, lang);
        notification.error({
          title: text.message,
          description: [...text.fields, ...(text.detail && !text.fields.length ? [text.detail] : [])].join('\n') || undefined,
        });
        return undefined;
      }
    },
    [message, notification, t, lang],
  );
}

/** Validates a form, then runs `then`; an invalid form is already shown to the user, so that rejection ends here. */
export function validated<V>(form: FormInstance<V>, then: (values: V) => unknown): Promise<void> {
  return form.validateFields().then(
    async (values) => {
      await then(values);
    },
    () => undefined,
  );
}

/** An async event handler where antd expects a void one: the promise is dropped on purpose (the handler reports its own errors). */
export function handler<A extends unknown[]>(run: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => {
    void run(...args);
  };
}
