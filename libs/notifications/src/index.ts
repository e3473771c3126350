export { EmailChannel, maskEmail, maskPhone, NOTIFICATION_CHANNELS, SmsChannel } from './channels.js';
export type { NotificationChannel, OutgoingMessage } from './channels.js';
export { NotificationsModule } from './notifications.module.js';
export { NotificationsService } from './notifications.service.js';
export { NOTIFICATION_KINDS } from './notification.types.js';
export type { Notification, NotificationEvent, NotificationKind, NotificationMessage, Recipient } from './notification.types.js';
