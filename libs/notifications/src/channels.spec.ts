import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@ivl/config';
import { EmailChannel, maskEmail, maskPhone, type OutgoingMessage, SmsChannel } from './channels.js';

const message: OutgoingMessage = {
  userId: 'u1',
  username: 'sme-1',
  kind: 'registration.approved',
  title: '您的入驻申请已通过',
  body: '「某公司」的企业入驻申请已审核通过。',
  phone: '13905791234',
  email: 'zhang.san@example.cn',
};

const config = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'test', ...env });

/** A gateway on a free port that records what it is sent and answers `status`. */
async function gateway(status = 200): Promise<{ url: string; received: unknown[]; close: () => Promise<void> }> {
  const received: unknown[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    received,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

describe('notification channels', () => {
  it('mask numbers and addresses for the logs', () => {
    expect(maskPhone('13905791234')).toBe('139****1234');
    expect(maskPhone('0579-8234 5678')).toBe('057****5678');
    expect(maskPhone('123')).toBe('****');
    expect(maskEmail('zhang.san@example.cn')).toBe('z***@example.cn');
    expect(maskEmail('nobody')).toBe('***');
  });

  it('without a gateway, log what they would send, the number and the address masked', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      await new SmsChannel(config()).send(message);
      await new EmailChannel(config()).send(message);
      const logged = JSON.stringify(log.mock.calls);
      expect(logged).toContain('139****1234');
      expect(logged).toContain('z***@example.cn');
      expect(logged).not.toContain('13905791234');
      expect(logged).not.toContain('zhang.san');
    } finally {
      log.mockRestore();
    }
  });

  it('send through the configured gateways; a user without a number or an address gets nothing', async () => {
    const sms = await gateway();
    const mail = await gateway();
    try {
      const env = { SMS_GATEWAY_URL: sms.url, MAIL_GATEWAY_URL: mail.url };
      await new SmsChannel(config(env)).send(message);
      await new EmailChannel(config(env)).send(message);
      await new SmsChannel(config(env)).send({ ...message, phone: null });
      await new EmailChannel(config(env)).send({ ...message, email: null });
      expect(sms.received).toEqual([{ to: '13905791234', text: `【创新券】${message.title}。${message.body}` }]);
      expect(mail.received).toEqual([{ to: 'zhang.san@example.cn', subject: message.title, text: message.body }]);
    } finally {
      await sms.close();
      await mail.close();
    }
  });

  it('never throw when the gateway refuses or is down: the inbox row stands, the failure is logged', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const refusing = await gateway(500);
    try {
      await expect(new SmsChannel(config({ SMS_GATEWAY_URL: refusing.url })).send(message)).resolves.toBeUndefined();
      await expect(new SmsChannel(config({ SMS_GATEWAY_URL: 'http://127.0.0.1:9/send' })).send(message)).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(2);
      expect(JSON.stringify(warn.mock.calls)).not.toContain('13905791234');
    } finally {
      await refusing.close();
      warn.mockRestore();
    }
  });
});
