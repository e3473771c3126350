import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { CLAWBACK_STATUSES, type ClawbackStatus } from '@ivl/clawbacks';
import { DocumentIds } from '../../documents/dto/document-ids.js';
import { PageQuery } from '../../common/page.query.js';
import { IsName, IsText } from '../../common/validators.js';

export class CreateClawbackRequest {
  @ApiProperty({ example: '抽查发现检测报告系伪造，审计意见维持：追回补贴' }) @IsText() reason: string;
  @DocumentIds({ required: false, description: 'documents the auditor uploaded: the audit finding (审计意见书)' })
  documentIds?: string[];
}

export class RecoverClawbackRequest {
  @ApiProperty({ example: 'ICBC-20261203-0042', description: "the bank reference of the provider's repayment" })
  @IsName()
  paymentReference: string;
}

export class ClawbackQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CLAWBACK_STATUSES }) @IsOptional() @IsIn(CLAWBACK_STATUSES) status?: ClawbackStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() providerId?: string;
}
