/**
 * An account number masked for display: the first 4 and last 4 characters around a fixed `**** ****`
 * (which also hides the length), e.g. `6217 **** **** 1234`. A short number shows at most its last
 * 4, and nothing when that would be half of it or more.
 */
export function maskAccountNo(accountNo: string): string {
  const chars = accountNo.replace(/[\s-]/g, '');
  if (chars.length >= 12) return `${chars.slice(0, 4)} **** **** ${chars.slice(-4)}`;
  if (chars.length > 8) return `**** **** ${chars.slice(-4)}`;
  return '**** ****';
}
