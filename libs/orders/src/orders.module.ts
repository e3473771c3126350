import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { CatalogModule } from '@ivl/catalog';
import { DocumentsModule } from '@ivl/documents';
import { NotificationsModule } from '@ivl/notifications';
import { RegistryModule } from '@ivl/registry';
import { OrderRepository } from './order.repository.js';
import { OrdersService } from './orders.service.js';

@Module({
  imports: [AuditModule, CatalogModule, DocumentsModule, NotificationsModule, RegistryModule],
  providers: [OrderRepository, OrdersService],
  exports: [OrdersService],
})
export class OrdersModule {}
