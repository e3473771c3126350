import { ApiProperty } from '@nestjs/swagger';

/** A sampled confirmed redemption. */
export class SampledRedemptionResponse {
  @ApiProperty() id: string;
  @ApiProperty() providerId: string;
  @ApiProperty() enterpriseId: string;
  @ApiProperty({ type: 'integer', description: 'fen' }) subsidy: number;
  @ApiProperty() confirmedAt: string;
  @ApiProperty({ enum: ['random', 'risk'], description: 'drawn at random, or added by a high-severity risk signal' }) reason: string;
  @ApiProperty({ type: [String], description: 'the high-severity signals naming it (risk-weighted samples)' }) signalIds: string[];
}

/** The documented shape of POST /audit/samples, for the OpenAPI document and the portal's generated types. */
export class AuditSampleResponse {
  @ApiProperty() regionCode: string;
  @ApiProperty() period: string;
  @ApiProperty() seed: string;
  @ApiProperty({ type: 'integer' }) rateBp: number;
  @ApiProperty({ type: 'integer' }) population: number;
  @ApiProperty() riskWeighted: boolean;
  @ApiProperty({ type: 'integer' }) size: number;
  @ApiProperty({ type: [SampledRedemptionResponse] }) redemptions: SampledRedemptionResponse[];
}
