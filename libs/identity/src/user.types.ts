import type { Role } from '@ivl/core';

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A row of the users table. */
export interface User {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  regionCode: string | null;
  providerId: string | null;
  enterpriseId: string | null;
  status: UserStatus;
  sessionVersion: number;
  mustChangePassword: boolean;
  passwordChangedAt: Date | null;
  createdAt: Date;
}
