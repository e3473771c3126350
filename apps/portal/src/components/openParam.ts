import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The object a screen shows in its detail drawer, kept in the URL (`#/review/claims?open=<id>`): a
 * detail view has an address to share or reload, and a notification's link (`#/claims/<id>`, sent
 * here as `?open=<id>`) opens it.
 */
export function useOpenParam(): [string | null, (id: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const open = params.get('open');
  const setOpen = useCallback(
    (id: string | null) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (id) next.set('open', id);
          else next.delete('open');
          return next;
        },
        { replace: id === null },
      );
    },
    [setParams],
  );
  return [open, setOpen];
}
