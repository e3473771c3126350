import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';

/** One pino instance per process: JSON lines on stdout, the level from the configuration. */
export function createPino(level: string): Pino {
  return pino({ level, base: { pid: process.pid }, redact: ['req.headers.authorization', 'req.headers.cookie'] });
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
      this.pino[level]({ context, stack, ...(message as object) });
    } else {
      this.pino[level]({ context, stack }, String(message));
    }
  }
}
