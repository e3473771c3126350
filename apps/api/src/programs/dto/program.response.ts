import { ApiProperty } from '@nestjs/swagger';
import { CATEGORIES, type Category, toShanghaiIso } from '@ivl/core';
import { type Program, PROGRAM_STATUSES, type ProgramStatus } from '@ivl/funding';
import { toJsonAmount } from '@ivl/ledger';
import { toDto } from '../../common/to-dto.js';

export class FundingShareResponse {
  @ApiProperty({ format: 'uuid' }) fundId: string;
  @ApiProperty({ example: 7000 }) shareBp: number;
  @ApiProperty({ example: '330702', description: "the fund's region: who pays this share" }) regionCode: string;
  @ApiProperty({ nullable: true, type: String, description: "when the fund's region approved this share; null while it waits" })
  approvedAt: string | null;
}

export class ProgramResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() year: number;
  @ApiProperty() issuerRegionCode: string;
  @ApiProperty({
    enum: PROGRAM_STATUSES,
    description: 'proposed until every funding share is approved; only an active program takes applications',
  })
  status: ProgramStatus;
  @ApiProperty({ type: [FundingShareResponse] }) funding: FundingShareResponse[];
  @ApiProperty({ enum: CATEGORIES, isArray: true }) categories: Category[];
  @ApiProperty() ratioBp: number;
  @ApiProperty({ nullable: true, type: Number }) fullCoverageUpTo: number | null;
  @ApiProperty({ nullable: true, type: Number }) outOfRegionRatioBp: number | null;
  @ApiProperty() perVoucherMax: number;
  @ApiProperty() enterpriseAnnualCap: number;
  @ApiProperty({ nullable: true, type: Number }) controllerAnnualCap: number | null;
  @ApiProperty() validityDays: number;
  @ApiProperty() claimWindowDays: number;
  @ApiProperty() cityReviewRequired: boolean;
  @ApiProperty() createdAt: string;

  static from(p: Program): ProgramResponse {
    return toDto(ProgramResponse, {
      id: p.id,
      name: p.name,
      year: p.year,
      issuerRegionCode: p.issuerRegionCode,
      status: p.status,
      funding: p.funding.map((f) =>
        toDto(FundingShareResponse, {
          fundId: f.fundId,
          shareBp: f.shareBp,
          regionCode: f.regionCode,
          approvedAt: f.approvedAt === null ? null : toShanghaiIso(f.approvedAt),
        }),
      ),
      categories: p.categories,
      ratioBp: p.ratioBp,
      fullCoverageUpTo: p.fullCoverageUpTo === null ? null : toJsonAmount(p.fullCoverageUpTo),
      outOfRegionRatioBp: p.outOfRegionRatioBp,
      perVoucherMax: toJsonAmount(p.perVoucherMax),
      enterpriseAnnualCap: toJsonAmount(p.enterpriseAnnualCap),
      controllerAnnualCap: p.controllerAnnualCap === null ? null : toJsonAmount(p.controllerAnnualCap),
      validityDays: p.validityDays,
      claimWindowDays: p.claimWindowDays,
      cityReviewRequired: p.cityReviewRequired,
      createdAt: toShanghaiIso(p.createdAt),
    });
  }
}
