import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@ivl/config';
import type { NotificationKind } from './notification.types.js';

/** One notification as a channel sends it to one user. */
export interface OutgoingMessage {
  userId: string;
  username: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Where an SMS goes; null when nobody gave a number. */
  phone: string | null;
  /** Where an e-mail goes; null when nobody gave an address. */
  email: string | null;
}

/**
 * A way a notification leaves the platform besides the inbox. Sent after the inbox row is written,
 * once per user and event; a channel never throws (a lost SMS must not hold the inbox back).
 */
export interface NotificationChannel {
  readonly name: 'sms' | 'email';
  send(message: OutgoingMessage): Promise<void>;
}

export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');

/** `13812345678` → `138****5678`: enough to tell numbers apart in a log, not enough to call. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

/** `zhang.san@example.cn` → `z***@example.cn`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at > 0 ? `${email.slice(0, 1)}***${email.slice(at)}` : '***';
}

const TIMEOUT_MS = 10_000;

/** POSTs a JSON body; throws on a transport error or a non-2xx answer. */
async function post(url: string, body: object): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`gateway answered ${response.status}`);
}

/** SMS through SMS_GATEWAY_URL (`{ to, text }`); without it, logged with the number masked. */
@Injectable()
export class SmsChannel implements NotificationChannel {
  readonly name = 'sms';
  private readonly logger = new Logger(SmsChannel.name);

  constructor(private readonly config: AppConfig) {}

  async send(message: OutgoingMessage): Promise<void> {
    if (!message.phone) return;
    const to = maskPhone(message.phone);
    const url = this.config.notifications.smsGatewayUrl;
    if (!url) {
      this.logger.log(
        { channel: 'sms', to, userId: message.userId, kind: message.kind, title: message.title },
        'SMS not sent: no SMS_GATEWAY_URL',
      );
      return;
    }
    try {
      await post(url, { to: message.phone, text: `【创新券】${message.title}。${message.body}` });
    } catch (error) {
      this.logger.warn({ channel: 'sms', to, userId: message.userId, kind: message.kind, err: error }, 'SMS failed');
    }
  }
}

/** E-mail through MAIL_GATEWAY_URL (`{ to, subject, text }`); without it, logged with the address masked. */
@Injectable()
export class EmailChannel implements NotificationChannel {
  readonly name = 'email';
  private readonly logger = new Logger(EmailChannel.name);

  constructor(private readonly config: AppConfig) {}

  async send(message: OutgoingMessage): Promise<void> {
    if (!message.email) return;
    const to = maskEmail(message.email);
    const url = this.config.notifications.mailGatewayUrl;
    if (!url) {
      this.logger.log(
        { channel: 'email', to, userId: message.userId, kind: message.kind, title: message.title },
        'e-mail not sent: no MAIL_GATEWAY_URL',
      );
      return;
    }
    try {
      await post(url, { to: message.email, subject: message.title, text: message.body });
    } catch (error) {
      this.logger.warn({ channel: 'email', to, userId: message.userId, kind: message.kind, err: error }, 'e-mail failed');
    }
  }
}
