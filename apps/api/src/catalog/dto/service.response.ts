import { ApiProperty } from '@nestjs/swagger';
import { ACCREDITATION_TYPES, type AccreditationType, CATEGORIES, type Category, SECTORS, type Sector, toShanghaiIso } from '@ivl/core';
import { type DirectoryProvider, type DirectoryService, SERVICE_STATUSES, type Service, type ServiceStatus } from '@ivl/catalog';
import { toJsonAmount } from '@ivl/ledger';
import { toDto } from '../../common/to-dto.js';

export class ServiceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CATEGORIES }) category: Category;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'integer', description: 'fen' }) priceFrom: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'fen' }) priceTo: number | null;
  @ApiProperty() unit: string;
  @ApiProperty({ type: 'integer', nullable: true }) turnaroundDays: number | null;
  @ApiProperty({ enum: SERVICE_STATUSES }) status: ServiceStatus;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: String, nullable: true }) withdrawnAt: string | null;

  static from(s: Service): ServiceResponse {
    return toDto(ServiceResponse, {
      id: s.id,
      providerId: s.providerId,
      name: s.name,
      category: s.category,
      description: s.description,
      priceFrom: toJsonAmount(s.priceFrom),
      priceTo: s.priceTo === null ? null : toJsonAmount(s.priceTo),
      unit: s.unit,
      turnaroundDays: s.turnaroundDays,
      status: s.status,
      createdAt: toShanghaiIso(s.createdAt),
      updatedAt: toShanghaiIso(s.updatedAt),
      withdrawnAt: s.withdrawnAt && toShanghaiIso(s.withdrawnAt),
    });
  }
}

/** A published product in the directory. */
export class DirectoryServiceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CATEGORIES }) category: Category;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'integer', description: 'fen' }) priceFrom: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'fen' }) priceTo: number | null;
  @ApiProperty() unit: string;
  @ApiProperty({ type: 'integer', nullable: true }) turnaroundDays: number | null;

  static from(s: DirectoryService): DirectoryServiceResponse {
    return toDto(DirectoryServiceResponse, {
      id: s.id,
      name: s.name,
      category: s.category,
      description: s.description,
      priceFrom: toJsonAmount(s.priceFrom),
      priceTo: s.priceTo === null ? null : toJsonAmount(s.priceTo),
      unit: s.unit,
      turnaroundDays: s.turnaroundDays,
    });
  }
}

export class DirectoryComplexResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SECTORS }) sector: Sector;
}

export class DirectoryAccreditationResponse {
  @ApiProperty({ enum: ACCREDITATION_TYPES }) type: AccreditationType;
  @ApiProperty() number: string;
  @ApiProperty({ description: 'last valid day, YYYY-MM-DD' }) validUntil: string;
}

export class RatingResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'mean stars (1–5) to two decimals; null while unrated' })
  mean: number | null;
  @ApiProperty({ type: 'integer' }) count: number;
}

/** An active provider as the public sees it: no USCC, no bank account. */
export class DirectoryProviderResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ type: DirectoryComplexResponse, required: false }) complex?: DirectoryComplexResponse;
  @ApiProperty({ enum: CATEGORIES, isArray: true }) categories: Category[];
  @ApiProperty({ type: [DirectoryAccreditationResponse] }) accreditations: DirectoryAccreditationResponse[];
  @ApiProperty({ type: RatingResponse }) rating: RatingResponse;
  @ApiProperty({ type: [DirectoryServiceResponse], description: 'its published products' }) services: DirectoryServiceResponse[];

  static from(p: DirectoryProvider): DirectoryProviderResponse {
    return toDto(DirectoryProviderResponse, {
      id: p.id,
      name: p.name,
      regionCode: p.regionCode,
      complex: p.complex === null ? undefined : toDto(DirectoryComplexResponse, p.complex),
      categories: p.categories,
      accreditations: p.accreditations.map((a) => toDto(DirectoryAccreditationResponse, a)),
      rating: toDto(RatingResponse, p.rating),
      services: p.services.map((s) => DirectoryServiceResponse.from(s)),
    });
  }
}

export class DirectoryPage {
  @ApiProperty({ type: [DirectoryProviderResponse] }) items: DirectoryProviderResponse[];
  @ApiProperty({ type: 'integer' }) total: number;
}
