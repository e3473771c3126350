import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '@ivl/core';

/** The deepest nesting of arrays and objects a request body may have (docs/api.md: deeper → 400). */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether the raw JSON text nests deeper than `max`. One linear pass over the bytes, counting
 * brackets outside strings: a megabyte of `[[[[…` is refused before JSON.parse builds a
 * million nested arrays and class-transformer recurses through them (that stalled the process).
 * Malformed text may pass this scan; JSON.parse refuses it next.
 */
export function nestsDeeperThan(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) depth--;
  }
  return false;
}

type JsonParser = (request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) => void;

/**
 * The application/json parser: Fastify's own (it refuses `__proto__` and `constructor.prototype`
 * keys and answers malformed text with a 400), behind the depth scan.
 */
export function depthLimitedJsonParser(fastify: FastifyInstance) {
  const parse = fastify.getDefaultJsonParser('error', 'error') as JsonParser;
  return (request: FastifyRequest, body: Buffer): Promise<unknown> => {
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      return Promise.reject(DomainError.validation('body', `must not nest arrays and objects deeper than ${MAX_JSON_DEPTH} levels`));
    }
    return new Promise((resolve, reject) => {
      parse(request, body.toString('utf8'), (error, value) => {
        if (error) reject(error);
        else resolve(value);
      });
    });
  };
}
