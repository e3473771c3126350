import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { toShanghaiIso } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import { APPLICATION_STATUSES, type Application, type ApplicationDetail, type ApplicationStatus, type Decision } from '@ivl/vouchers';
import { DocumentResponse } from '../../documents/dto/document.response.js';
import { VoucherResponse } from '../../vouchers/dto/voucher.response.js';
import { toDto } from '../../common/to-dto.js';

export class ApplicationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty() amount: number;
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: ApplicationStatus;
  @ApiProperty({ enum: ['county', 'city', 'done'], description: 'the review awaited while pending' }) stage: string;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) countyDecision: Decision | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) cityDecision: Decision | null;
  @ApiProperty({ nullable: true, type: String }) rejectReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiPropertyOptional({ type: VoucherResponse, description: 'on the final approval' }) voucher?: VoucherResponse;
  @ApiPropertyOptional({
    type: [DocumentResponse],
    description: 'GET /applications/:id and the answer to POST /applications: its documents (the project plan), oldest first',
  })
  documents?: DocumentResponse[];

  static from(a: Application | ApplicationDetail, voucher?: VoucherResponse): ApplicationResponse {
    return toDto(ApplicationResponse, {
      id: a.id,
      programId: a.programId,
      enterpriseId: a.enterpriseId,
      amount: toJsonAmount(a.amount),
      purpose: a.purpose,
      status: a.status,
      stage: a.stage,
      countyDecision: a.countyDecision,
      cityDecision: a.cityDecision,
      rejectReason: a.rejectReason,
      createdAt: toShanghaiIso(a.createdAt),
      decidedAt: a.decidedAt ? toShanghaiIso(a.decidedAt) : null,
      ...(voucher ? { voucher } : {}),
      ...('documents' in a ? { documents: DocumentResponse.list(a.documents) } : {}),
    });
  }
}
