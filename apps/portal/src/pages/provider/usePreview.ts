import { useEffect, useState } from 'react';
import { api, ok } from '../../api/client';
import type { Program, Provider, ProviderVoucher } from '../../api/models';
import { checkCode } from '@ivl/rules';

export interface PreviewContext {
  voucher?: ProviderVoucher;
  program?: Program;
  /** the voucher could not be read (unknown, or not readable): the preview stops there */
  voucherError?: unknown;
  loading: boolean;
}

/** Reads the voucher of a well-formed code and its program, for the preview (GET /vouchers/:code, GET /programs/:id). */
export function useVoucherContext(code: string): PreviewContext {
  // what was read, with the code it was read for: a context for another code is stale
  const [read, setRead] = useState<{ code: string; ctx: PreviewContext }>();
  const [shownCode, setShownCode] = useState(code);
  if (shownCode !== code) {
    // a changed code forgets what was read, so coming back to a code reads it afresh
    setShownCode(code);
    setRead(undefined);
  }
  const wellFormed = checkCode(code) === 'ok';
  useEffect(() => {
    if (!wellFormed) return;
    const gone = new AbortController();
    void (async () => {
      let voucher: ProviderVoucher;
      try {
        voucher = await ok(api.GET('/vouchers/{code}', { params: { path: { code } } }));
      } catch (voucherError) {
        if (!gone.signal.aborted) setRead({ code, ctx: { loading: false, voucherError } });
        return;
      }
      let program: Program | undefined;
      try {
        program = await ok(api.GET('/programs/{id}', { params: { path: { id: voucher.programId } } }));
      } catch {
        /* preview without rules */
      }
      if (!gone.signal.aborted) setRead({ code, ctx: { loading: false, voucher, program } });
    })();
    return () => {
      gone.abort();
    };
  }, [code, wellFormed]);
  if (!wellFormed) return { loading: false };
  return read?.code === code ? read.ctx : { loading: true };
}

export function useOwnProvider(providerId: string | undefined): Provider | undefined {
  const [provider, setProvider] = useState<Provider>();
  useEffect(() => {
    if (providerId) ok(api.GET('/providers/{id}', { params: { path: { id: providerId } } })).then(setProvider, () => undefined);
  }, [providerId]);
  return provider;
}
