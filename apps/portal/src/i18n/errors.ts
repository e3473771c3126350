/** Every error code of docs/api.md, as a localised sentence. */
import { ApiError } from '../api/client';
import type { Lang } from '../lib/rule-words';
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
  /** the server's words (English, from the API): only on an English page, never a second language on a Chinese one */
  detail?: string;
  /** VALIDATION_FAILED: one line per field */
  fields: string[];
}

/**
 * One language per message: in zh-CN the text comes from the code alone (the API's English `detail` and its
 * per-field English messages are left out; a field is named, in Chinese where the portal knows it); in en-US
 * the server's words follow as a second line.
 */
export function errorText(error: unknown, t: T, lang: Lang = 'zh-CN'): ErrorText {
  const zh = lang === 'zh-CN';
  if (!(error instanceof ApiError)) {
    if (zh) return { message: t('error.UNKNOWN_LOCAL'), fields: [] };
    return { message: error instanceof Error ? error.message : String(error), fields: [] };
  }
  const { problem, status, retryAfter } = error;
  // A body refused before the API's own checks may come back without a code: its status says it.
  const code = error.code === 'HTTP_413' ? 'PAYLOAD_TOO_LARGE' : error.code === 'HTTP_415' ? 'UNSUPPORTED_MEDIA_TYPE' : error.code;
  const fields = (problem.errors ?? []).map((e) =>
    zh ? t('error.fieldInvalid', { field: fieldName(e.field, t) }) : t('error.field', { field: e.field, message: e.message }),
  );
  let message: string;
  if (code === 'RATE_LIMITED') message = retryAfter ? t('error.RATE_LIMITED', { seconds: retryAfter }) : t('error.RATE_LIMITED_NOW');
  else if (code === 'INTERNAL') message = t('error.INTERNAL', { requestId: problem.requestId ?? '—' });
  else if (KNOWN.has(code)) message = t(`error.${code}` as MessageKey);
  else message = t('error.UNKNOWN', { status });
  const detail = zh || code === 'INTERNAL' || code === 'NETWORK' ? undefined : problem.detail;
  return { message, detail, fields };
}

/** A request field by its Chinese label when the portal has one (`field.<name>`), else 「第 n 项」-free plain words. */
function fieldName(field: string, t: T): string {
  const last = field.split('.').pop() ?? field;
  const key = `field.${last}` as MessageKey;
  const words = t(key);
  return words === key ? t('error.someField') : words;
}
