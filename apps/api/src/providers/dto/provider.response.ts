import { ApiProperty } from '@nestjs/swagger';
import { CATEGORIES, type Category, PROVIDER_STATUSES, type ProviderStatus, toShanghaiIso } from '@ivl/core';
import type { Provider } from '@ivl/registry';
import { AccreditationDto, BankAccountDto } from './create-provider.request.js';
import { toDto } from '../../common/to-dto.js';

export class ProviderResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() uscc: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ nullable: true, type: String }) complexId: string | null;
  @ApiProperty({ enum: CATEGORIES, isArray: true }) categories: Category[];
  @ApiProperty({ type: [AccreditationDto] }) accreditations: AccreditationDto[];
  @ApiProperty({ nullable: true, type: String }) controllerKey: string | null;
  @ApiProperty({
    type: BankAccountDto,
    description:
      'accountNo in full for auditors and finance of a region paying the provider; masked (6217 **** **** 1234) for everyone else',
  })
  bankAccount: BankAccountDto;
  @ApiProperty({ enum: PROVIDER_STATUSES }) status: ProviderStatus;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'when the public notice (公示) of a provider approved through registration ends',
  })
  noticeEndsAt: string | null;
  @ApiProperty() createdAt: string;

  static from(p: Provider): ProviderResponse {
    return toDto(ProviderResponse, {
      id: p.id,
      uscc: p.uscc,
      name: p.name,
      regionCode: p.regionCode,
      complexId: p.complexId,
      categories: p.categories,
      accreditations: p.accreditations.map((a) => toDto(AccreditationDto, a)),
      controllerKey: p.controllerKey,
      bankAccount: toDto(BankAccountDto, { bankName: p.bankName, accountName: p.accountName, accountNo: p.accountNo }),
      status: p.status,
      noticeEndsAt: p.noticeEndsAt && toShanghaiIso(p.noticeEndsAt),
      createdAt: toShanghaiIso(p.createdAt),
    });
  }
}
