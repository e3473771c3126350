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
  const [ctx, setCtx] = useState<PreviewContext>({ loading: false });
  useEffect(() => {
    if (checkCode(code) !== 'ok') {
      setCtx({ loading: false });
      return;
    }
    let live = true;
    setCtx({ loading: true });
    (async () => {
      let voucher: ProviderVoucher | undefined;
      try {
        voucher = await ok(api.GET('/vouchers/{code}', { params: { path: { code } } }));
      } catch (voucherError) {
        if (live) setCtx({ loading: false, voucherError });
        return;
      }
      let program: Program | undefined;
      try {
        program = await ok(api.GET('/programs/{id}', { params: { path: { id: voucher.programId } } }));
      } catch {
        /* preview without rules */
      }
      if (live) setCtx({ loading: false, voucher, program });
    })();
    return () => {
      live = false;
    };
  }, [code]);
  return ctx;
}

export function useOwnProvider(providerId: string | undefined): Provider | undefined {
  const [provider, setProvider] = useState<Provider>();
  useEffect(() => {
    if (providerId) ok(api.GET('/providers/{id}', { params: { path: { id: providerId } } })).then(setProvider, () => undefined);
  }, [providerId]);
  return provider;
}
