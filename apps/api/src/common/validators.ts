import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsOptional,
  IsInt,
  IsObject,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { isPeriod, isValidUscc, normalizeUscc, SEARCH_TEXT_MAX } from '@ivl/core';

/** 1 ≤ amount ≤ 10^13 fen, a JSON integer (no strings, fractions, zero or negatives). */
export const MAX_FEN = 10_000_000_000_000;

export function IsFen(): PropertyDecorator {
  return applyDecorators(
    IsInt({ message: '$property must be an integer amount in fen' }),
    Min(1, { message: '$property must be at least 1 fen' }),
    Max(MAX_FEN, { message: `$property must be at most ${MAX_FEN} fen` }),
  );
}

/** A unified social credit code with a correct check character; stored upper-cased. */
export function IsUscc(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeUscc(value) : value)),
    (target: object, propertyName: string | symbol) => {
      registerDecorator({
        name: 'isUscc',
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message: '$property must be a valid 18-character unified social credit code', ...options },
        validator: { validate: (value: unknown) => typeof value === 'string' && isValidUscc(value) },
      });
    },
  );
}

export function IsRegionCode(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(/^\d{6}$/, { message: '$property must be a 6-digit region code' }));
}

/** A month `YYYY-MM`; the services check its bounds against the app's clock (`readPeriod`). */
export function IsPeriod(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isPeriod',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a month YYYY-MM' },
      validator: { validate: (value: unknown) => typeof value === 'string' && isPeriod(value) },
    });
  };
}

/** A calendar date without time, `YYYY-MM-DD`, that exists, from 1900 (Postgres refuses year 0; nothing here is older). */
export function IsDateOnly(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isDateOnly',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a date YYYY-MM-DD' },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
      },
    });
  };
}

/** A name: non-empty text of at most 200 characters. */
export function IsName(max = 200): PropertyDecorator {
  return applyDecorators(IsString(), IsNotEmpty(), MaxLength(max));
}

/** A reason, purpose, comment or description: non-empty text of at most 2000 characters. */
export function IsText(): PropertyDecorator {
  return IsName(2000);
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '1900-01-01') return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A required nested object (not an array, not missing), validated as `type`. */
export function NestedObject(type: () => new () => object): PropertyDecorator {
  return applyDecorators(IsDefined(), IsObject(), ValidateNested(), Type(type));
}

/**
 * `q` of a list: any part of a name, number or USCC, at most 200 characters (longer → 400). Trimmed;
 * blank means no search. NUL is refused by the pipe before this; `%`, `_` and `\\` are searched literally.
 */
export function IsSearchText(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value)),
    IsOptional(),
    IsString(),
    MaxLength(SEARCH_TEXT_MAX),
  );
}
