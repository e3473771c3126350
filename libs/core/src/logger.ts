import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';

/**
 * One pino instance per process: JSON lines on stdout (or `destination`), the level from the configuration. Its `req`
 * serializer replaces Fastify's (which would log the raw URL), so a credential in a query string
 * (`/queues?token=…`) never reaches a log line.
 */
export function createPino(level: string, destination?: pino.DestinationStream): Pino {
  const options = {
    level,
    base: { pid: process.pid },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: { req: serializeRequest },
  };
  return destination ? pino(options, destination) : pino(options);
}

// Query parameters whose value is a credential, whatever their exact spelling (token, access_token, ticket…).
const SECRET_PARAM = /([?&][^=&#]*(?:token|ticket|secret|password)[^=&#]*=)[^&#]*/gi;

/** `url` with the value of every credential-bearing query parameter replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAM, '$1[REDACTED]');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

function serializeRequest(req: LoggedRequest): object {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** Nest's logger interface over pino, so framework and application logs are the same JSON. */
export class PinoLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    const withStack = context !== undefined;
    this.write('error', message, withStack ? context : stackOrContext, withStack ? stackOrContext : undefined);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: string, stack?: string): void {
    if (message !== null && typeof message === 'object') {
      this.pino[level]({ context, stack, ...message });
    } else {
      this.pino[level]({ context, stack }, String(message));
    }
  }
}
