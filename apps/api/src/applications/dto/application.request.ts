import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { APPLICATION_STATUSES, type ApplicationStatus } from '@ivl/vouchers';
import { PageQuery } from '../../common/page.query.js';
import { DocumentIds } from '../../documents/dto/document-ids.js';
import { IsFen, IsPeriod, IsRegionCode, IsSearchText, IsText } from '../../common/validators.js';

export class CreateApplicationRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() programId: string;
  @ApiProperty({ description: 'fen: the face value asked for', example: 5_000_000 }) @IsFen() amount: number;
  @ApiProperty({ example: '新产品型式试验' }) @IsText() purpose: string;
  @DocumentIds({ required: false, description: 'documents the enterprise uploaded: the project plan (项目计划书)' })
  documentIds?: string[];
}

export class ApproveRequest {
  @ApiPropertyOptional() @IsOptional() @IsText() comment?: string;
}

export class RejectRequest {
  @ApiProperty({ example: '申报材料不全' }) @IsText() reason: string;
}

export class ApplicationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES }) @IsOptional() @IsIn(APPLICATION_STATUSES) status?: ApplicationStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programId?: string;
  @ApiPropertyOptional({ description: "the applying enterprise's region" }) @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional({ description: 'the month the application was made (Asia/Shanghai)', example: '2026-03' })
  @IsOptional()
  @IsPeriod()
  period?: string;
  @ApiPropertyOptional({
    description: "any part of the enterprise's name or USCC, the program's name, the purpose or the id",
    maxLength: 200,
  })
  @IsSearchText()
  q?: string;
}
