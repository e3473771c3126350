import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, type Category, PROVIDER_STATUSES, type ProviderStatus, toShanghaiIso } from '@ivl/core';
import type { Provider } from '@ivl/registry';
import { AccreditationDto, BankAccountDto } from './create-provider.request.js';

export class ProviderResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() uscc: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ nullable: true, type: String }) complexId: string | null;
  @ApiProperty({ enum: CATEGORIES, isArray: true }) categories: Category[];
  @ApiProperty({ type: [AccreditationDto] }) accreditations: AccreditationDto[];
  @ApiProperty({ nullable: true, type: String }) controllerKey: string | null;
  @ApiPropertyOptional({ type: BankAccountDto, description: 'only for city_admin, finance, auditor and the provider itself' })
  bankAccount?: BankAccountDto;
  @ApiProperty({ enum: PROVIDER_STATUSES }) status: ProviderStatus;
  @ApiProperty() createdAt: string;

  static from(p: Provider, withBankAccount: boolean): ProviderResponse {
    return {
      id: p.id,
      uscc: p.uscc,
      name: p.name,
      regionCode: p.regionCode,
      complexId: p.complexId,
      categories: p.categories,
      accreditations: p.accreditations,
      controllerKey: p.controllerKey,
      ...(withBankAccount ? { bankAccount: { bankName: p.bankName, accountName: p.accountName, accountNo: p.accountNo } } : {}),
      status: p.status,
      createdAt: toShanghaiIso(p.createdAt),
    };
  }
}
