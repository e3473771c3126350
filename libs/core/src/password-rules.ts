import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 10;

/**
 * Why a password may not be set for `username` (docs/domain.md "Accounts"), or undefined when it may.
 * One rule for every password that is set: created users, changes, and production's bootstrap admin.
 */
export function passwordProblem(password: string, username: string): string | undefined {
  if (Array.from(password).length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (lower === username.toLowerCase()) return 'must not be the username';
  if (COMMON_PASSWORDS.has(lower)) return 'is among the most common passwords';
  return undefined;
}
