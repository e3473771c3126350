/**
 * The related-party comparison's normalisers, the same rules as the SQL functions risk_normalise /
 * risk_normalise_phone (migration 1764900000020): NFKC folds full-width forms to half-width; ASCII
 * whitespace and punctuation and the CJK punctuation marks below are dropped; letters are
 * lower-cased. A phone keeps only its digits, without a +86 / 0086 / 86 prefix before an 11-digit
 * mobile number. An empty result is null (it matches nothing).
 */
const DROPPED = /[ \t\n\v\f\r!-/:-@[-`{-~、。·・，．：；！？“”‘’（）【】《》〈〉「」『』〔〕—–…～¥]+/gu;

export function normaliseText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const folded = value.normalize('NFKC').toLowerCase().replace(DROPPED, '');
  return folded === '' ? null : folded;
}

export function normalisePhone(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const digits = value.normalize('NFKC').replace(/[^0-9]/g, '');
  const local = digits.replace(/^(0086|86)(1[0-9]{10})$/, '$2');
  return local === '' ? null : local;
}

/** Whether two values are the same trait once normalised (an absent or empty value matches nothing). */
export function sameTrait(a: string | null | undefined, b: string | null | undefined, kind: 'text' | 'phone' = 'text'): boolean {
  const normalise = kind === 'phone' ? normalisePhone : normaliseText;
  const x = normalise(a);
  return x !== null && x === normalise(b);
}
