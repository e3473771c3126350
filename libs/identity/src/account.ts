import { type Actor, actorOf } from '@ivl/core';
import type { User, UserStatus } from './user.types.js';

/** A user as its account screens show it: the actor it acts as, and the state of its account. */
export type Account = Actor & { status: UserStatus; mustChangePassword: boolean };

export function accountOf(user: User): Account {
  const actor = actorOf({ ...user, userId: user.id });
  if (!actor) throw new Error(`user ${user.id} (${user.role}) has no scope: the users table's check constraint should prevent this`);
  return { ...actor, status: user.status, mustChangePassword: user.mustChangePassword };
}
