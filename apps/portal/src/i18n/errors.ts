/** Every error code of docs/api.md, as a localised sentence. */
import { ApiError } from '../api/client';
import type { T } from './i18n';
import type { MessageKey } from './messages';

const KNOWN = new Set([
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PASSWORD_CHANGE_REQUIRED',
  'NOT_FOUND',
  'INVALID_STATE',
  'DUPLICATE',
  'IDEMPOTENCY_KEY_REUSED',
  'VOUCHER_NOT_USABLE',
  'CATEGORY_NOT_ELIGIBLE',
  'RELATED_PARTY',
  'CAP_EXCEEDED',
  'BUDGET_EXHAUSTED',
  'CLAIM_WINDOW_CLOSED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
  'NETWORK',
]);

export interface ErrorText {
  message: string;
  /** the server's words, for the curious (English, from the API) */
  detail?: string;
  /** VALIDATION_FAILED: one line per field */
  fields: string[];
}

export function errorText(error: unknown, t: T): ErrorText {
  if (!(error instanceof ApiError)) return { message: error instanceof Error ? error.message : String(error), fields: [] };
  const { problem, status, retryAfter } = error;
  // A body refused before the API's own checks may come back without a code: its status says it.
  const code = error.code === 'HTTP_413' ? 'PAYLOAD_TOO_LARGE' : error.code === 'HTTP_415' ? 'UNSUPPORTED_MEDIA_TYPE' : error.code;
  const fields = (problem.errors ?? []).map((e) => t('error.field', { field: e.field, message: e.message }));
  let message: string;
  if (code === 'RATE_LIMITED') message = retryAfter ? t('error.RATE_LIMITED', { seconds: retryAfter }) : t('error.RATE_LIMITED_NOW');
  else if (code === 'INTERNAL') message = t('error.INTERNAL', { requestId: problem.requestId ?? '—' });
  else if (KNOWN.has(code)) message = t(`error.${code}` as MessageKey);
  else message = t('error.UNKNOWN', { status });
  const detail = code === 'INTERNAL' || code === 'NETWORK' ? undefined : problem.detail;
  return { message, detail, fields };
}
