export { OrdersModule } from './orders.module.js';
export { OrdersService } from './orders.service.js';
export { ORDER_STATUSES } from './order.types.js';
export type { NewOrder, Order, OrderDetail, OrderFilter, OrderRedemption, OrderStatus } from './order.types.js';
