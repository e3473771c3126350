import { ApiProperty } from '@nestjs/swagger';
import { DashboardMonthResponse, DashboardSectorResponse } from './dashboard.response.js';

/** The year's totals of the city and its counties (amounts in fen). */
export class CityTotalsResponse {
  @ApiProperty({ type: 'integer', description: 'distinct vouchers issued money in the year' }) vouchersIssued: number;
  @ApiProperty({ type: 'integer', description: 'face value issued' }) issued: number;
  @ApiProperty({ type: 'integer', description: 'redemptions confirmed' }) redemptions: number;
  @ApiProperty({ type: 'integer', description: 'subsidies of the redemptions confirmed' }) used: number;
  @ApiProperty({ type: 'integer', description: 'paid to providers' }) paid: number;
  @ApiProperty({ type: 'integer', description: 'distinct enterprises of the confirmed redemptions' }) enterprisesServed: number;
  @ApiProperty({ type: 'integer', description: 'distinct providers paid' }) providersPaid: number;
  @ApiProperty({ type: 'integer', description: 'used at providers outside the funding region (通用通兑)' }) crossRegionUsed: number;
}

/** One funding region: the city's own funds or a county's. */
export class CityRegionResponse {
  @ApiProperty({ example: '330702' }) regionCode: string;
  @ApiProperty({ example: '婺城区' }) name: string;
  @ApiProperty({ enum: ['city', 'county'] }) level: 'city' | 'county';
  @ApiProperty({ type: 'integer' }) vouchersIssued: number;
  @ApiProperty({ type: 'integer' }) issued: number;
  @ApiProperty({ type: 'integer' }) redemptions: number;
  @ApiProperty({ type: 'integer' }) used: number;
  @ApiProperty({ type: 'integer' }) paid: number;
}

/** A complex whose providers used the most. */
export class CityComplexResponse {
  @ApiProperty({ format: 'uuid' }) complexId: string;
  @ApiProperty() name: string;
  @ApiProperty() sector: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: 'integer' }) redemptions: number;
  @ApiProperty({ type: 'integer' }) used: number;
}

/** Money of a funding region used (confirmed) and paid at providers of a region. */
export class CityFlowResponse {
  @ApiProperty() fromRegionCode: string;
  @ApiProperty() fromName: string;
  @ApiProperty() toRegionCode: string;
  @ApiProperty() toName: string;
  @ApiProperty({ type: 'integer' }) redemptions: number;
  @ApiProperty({ type: 'integer' }) used: number;
  @ApiProperty({ type: 'integer' }) paid: number;
  @ApiProperty({ description: "the provider is outside the funding region (the city's region holds its counties)" }) crossRegion: boolean;
}

/** The documented shape of GET /dashboard/city/{year} (数据大屏). */
export class CityDashboardResponse {
  @ApiProperty({ example: '330700' }) cityCode: string;
  @ApiProperty({ example: '金华市' }) cityName: string;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, format: 'date-time', description: 'when the snapshot was read' }) asOf: string;
  @ApiProperty({ type: CityTotalsResponse }) totals: CityTotalsResponse;
  @ApiProperty({ type: [CityRegionResponse], description: "the city's own funds first, then each county's" }) regions: CityRegionResponse[];
  @ApiProperty({ type: [DashboardSectorResponse] }) sectors: DashboardSectorResponse[];
  @ApiProperty({ type: [DashboardMonthResponse] }) months: DashboardMonthResponse[];
  @ApiProperty({ type: [CityComplexResponse] }) topComplexes: CityComplexResponse[];
  @ApiProperty({ type: [CityFlowResponse] }) flows: CityFlowResponse[];
}
