import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, ErrorCode, type FieldError } from '@ivl/core';

/** A request refused by the pipes before its handler ran (an idempotent route does not store it as its answer). */
export class InvalidRequest extends DomainError {}

/** NUL, or a UTF-16 surrogate without its partner (Postgres refuses both in text: a 500 before this). */
const BAD_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The global pipe: unknown fields are refused, types are checked, every problem is named.
 * Before class-transformer runs, for every body, query and path parameter: text with NUL or an
 * unpaired surrogate is refused (400 naming the field), and a body key whose value is `null`
 * is dropped, so null means "absent" (an optional field is left out, a required one is missing).
 */
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors: ValidationError[]) => {
        const fields = flatten(errors);
        const detail = fields.map((f) => `${f.field}: ${f.message}`).join('; ') || 'the request body is not valid';
        return new InvalidRequest(ErrorCode.VALIDATION_FAILED, detail, fields.length ? fields : undefined);
      },
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const badField = findBadText(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (badField !== undefined) {
      const field = badField || metadata.type;
      throw new InvalidRequest(ErrorCode.VALIDATION_FAILED, `${field}: must not contain NUL or unpaired surrogate characters`, [
        { field, message: 'must not contain NUL or unpaired surrogate characters' },
      ]);
    }
    return super.transform(metadata.type === 'body' ? withoutNulls(value) : value, metadata);
  }
}

/** The path of the first string (key or value) holding bad text, or undefined. Depth is bounded by the JSON parser. */
function findBadText(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return BAD_TEXT.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (BAD_TEXT.test(key)) return field;
      const found = findBadText(item, field);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A copy of `value` without the object keys whose value is null (array items stay: [null] is still refused). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) copy[key] = withoutNulls(item);
  return copy;
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
