import type { Category } from '@ivl/core';

export const SERVICE_STATUSES = ['published', 'withdrawn'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** A service product (服务产品) a provider offers; prices in integer fen. */
export interface Service {
  id: string;
  providerId: string;
  name: string;
  category: Category;
  description: string;
  priceFrom: bigint;
  priceTo: bigint | null;
  unit: string;
  turnaroundDays: number | null;
  status: ServiceStatus;
  createdAt: Date;
  updatedAt: Date;
  withdrawnAt: Date | null;
}

/** What other libs (orders) need of a published product. */
export interface PublishedService {
  id: string;
  providerId: string;
  name: string;
  category: Category;
  status: ServiceStatus;
}
