import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsUUID } from 'class-validator';

/** At most this many documents go with one write (a claim's invoice, service reports, contracts…). */
export const MAX_DOCUMENTS_PER_WRITE = 20;

/**
 * `documentIds` of a write that attaches evidence: ids of documents the caller uploaded (POST
 * /documents), unique, at most 20; `required` asks for at least one. Whether each exists and is the
 * caller's is DocumentsService.attach's check (400 on the same field).
 */
export function DocumentIds(options: { required: boolean; description: string }): PropertyDecorator {
  const checks = [
    IsArray(),
    ArrayMaxSize(MAX_DOCUMENTS_PER_WRITE),
    ArrayUnique({ message: '$property must not repeat a document' }),
    IsUUID('all', { each: true, message: 'each of $property must be a document id (uuid)' }),
  ];
  const schema: ApiPropertyOptions = {
    type: [String],
    format: 'uuid',
    maxItems: MAX_DOCUMENTS_PER_WRITE,
    uniqueItems: true,
    description: options.description,
  };
  return options.required
    ? applyDecorators(
        ApiProperty({ ...schema, minItems: 1 }),
        ...checks,
        ArrayMinSize(1, { message: '$property must name at least one document' }),
      )
    : applyDecorators(ApiPropertyOptional(schema), IsOptional(), ...checks);
}
