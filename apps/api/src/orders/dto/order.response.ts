import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, type Category, toShanghaiIso } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import { ORDER_STATUSES, type Order, type OrderDetail, type OrderStatus } from '@ivl/orders';
import { formatCode } from '@ivl/vouchers';
import { toDto } from '../../common/to-dto.js';
import { DocumentResponse } from '../../documents/dto/document.response.js';

export class OrderResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty() serviceName: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() voucherCode: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ enum: CATEGORIES }) category: Category;
  @ApiProperty() description: string;
  @ApiPropertyOptional({ description: 'fen, once accepted' }) agreedAmount?: number;
  @ApiPropertyOptional({ format: 'uuid' }) contractDocumentId?: string;
  @ApiPropertyOptional() declineReason?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the redemption that delivers it, once redeemed' }) redemptionId?: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() decidedAt?: string;
  @ApiPropertyOptional() cancelledAt?: string;
  @ApiPropertyOptional() redeemedAt?: string;
  @ApiPropertyOptional({ type: [DocumentResponse], description: 'its documents (the signed contract); in the answers about one order' })
  documents?: DocumentResponse[];

  static from(o: Order | OrderDetail): OrderResponse {
    return toDto(OrderResponse, {
      id: o.id,
      status: o.status,
      serviceId: o.serviceId,
      serviceName: o.serviceName,
      providerId: o.providerId,
      providerName: o.providerName,
      enterpriseId: o.enterpriseId,
      enterpriseName: o.enterpriseName,
      voucherCode: formatCode(o.voucherCode),
      programId: o.programId,
      category: o.category,
      description: o.description,
      ...(o.agreedAmount === null ? {} : { agreedAmount: toJsonAmount(o.agreedAmount) }),
      ...(o.contractDocumentId ? { contractDocumentId: o.contractDocumentId } : {}),
      ...(o.declineReason ? { declineReason: o.declineReason } : {}),
      ...(o.redemptionId ? { redemptionId: o.redemptionId } : {}),
      createdAt: toShanghaiIso(o.createdAt),
      ...(o.decidedAt ? { decidedAt: toShanghaiIso(o.decidedAt) } : {}),
      ...(o.cancelledAt ? { cancelledAt: toShanghaiIso(o.cancelledAt) } : {}),
      ...(o.redeemedAt ? { redeemedAt: toShanghaiIso(o.redeemedAt) } : {}),
      ...('documents' in o ? { documents: DocumentResponse.list(o.documents) } : {}),
    });
  }
}

export class OrderPage {
  @ApiProperty({ type: [OrderResponse] }) items: OrderResponse[];
  @ApiProperty({ description: 'how many match, before limit/offset' }) total: number;
}
