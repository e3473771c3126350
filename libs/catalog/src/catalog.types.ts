import type { AccreditationType, Category, Sector } from '@ivl/core';

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

/** A search of the public directory. `q`: any part of a provider's name or its products' names and descriptions. */
export interface DirectoryFilter {
  category?: Category;
  regionCode?: string;
  sector?: Sector;
  /** Only providers holding a CMA or CNAS accreditation valid today (Shanghai). */
  accredited?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

/** A published product as the public sees it. */
export interface DirectoryService {
  id: string;
  name: string;
  category: Category;
  description: string;
  priceFrom: bigint;
  priceTo: bigint | null;
  unit: string;
  turnaroundDays: number | null;
}

/**
 * An active provider as the public directory shows it: no USCC, no bank account, no controller key
 * (those are for the bureaus); accreditations as registered, each with its last valid day.
 */
export interface DirectoryProvider {
  id: string;
  name: string;
  regionCode: string;
  complex: { id: string; name: string; sector: Sector } | null;
  categories: Category[];
  accreditations: Array<{ type: AccreditationType; number: string; validUntil: string }>;
  /** `mean` (to two decimals) is null while the provider has no rating. */
  rating: { mean: number | null; count: number };
  services: DirectoryService[];
}

/** A product a provider publishes; prices in fen. */
export interface NewService {
  name: string;
  category: Category;
  description: string;
  priceFrom: bigint;
  priceTo?: bigint | null;
  unit: string;
  turnaroundDays?: number | null;
}

/** The fields a change gives; `null` drops an optional field (priceTo, turnaroundDays). */
export type ServiceChanges = Partial<NewService>;
