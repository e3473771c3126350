import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ORDER_STATUSES, type OrderStatus } from '@ivl/orders';
import { PageQuery } from '../../common/page.query.js';
import { IsFen, IsText } from '../../common/validators.js';

export class CreateOrderRequest {
  @ApiProperty({ format: 'uuid', description: 'a service product the provider has published' }) @IsUUID() serviceId: string;
  @ApiProperty({ example: '7K3Q-9XWD-M2PA-4TRB-5', description: "one of the enterprise's own vouchers" })
  @IsString()
  @MaxLength(64)
  voucherCode: string;
  @ApiProperty({ example: '新款电动工具外壳的跌落与耐压检测，约 20 个样品' }) @IsText() description: string;
}

export class AcceptOrderRequest {
  @ApiProperty({
    description: 'the whole bill agreed with the enterprise, fen; the redemption of the order must name exactly this orderAmount',
    example: 2_000_000,
  })
  @IsFen()
  agreedAmount: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'the signed contract, a document the provider uploaded' })
  @IsOptional()
  @IsUUID()
  contractDocumentId?: string;
}

export class DeclineOrderRequest {
  @ApiProperty({ example: '该检测项目本月排期已满，请下月再下单' }) @IsText() reason: string;
}

export class OrderQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORDER_STATUSES }) @IsOptional() @IsIn(ORDER_STATUSES) status?: OrderStatus;
}
