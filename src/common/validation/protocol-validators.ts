import { applyDecorators } from '@nestjs/common';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  ValidateBy,
  ValidationOptions,
  buildMessage,
} from 'class-validator';
import { ApiErrorCode } from '../protocol/api-error-code';

/** Any RFC 4122 shaped uuid; the original clients send version 1, we issue version 4. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Length limits, counted in Unicode code points (an emoji counts once). */
export const LIMITS = {
  text: 16384,
  name: 128,
  email: 254,
  signature: 512,
  shortText: 512,
  icon: 1024,
  list: 1000,
} as const;

/**
 * Validator names that mean "wrong JSON type" (error 28). Every other failed validator, except a
 * missing value (error 6) or one that names its own code in `context`, means error 44.
 */
export const TYPE_CONSTRAINTS = new Set(['isString', 'isBoolean', 'isInt', 'isNumber', 'isArray', 'isObject']);

export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) {
    count++;
  }
  return count;
}

/** Fails when a string has more than `max` code points. */
export function MaxCodePoints(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxCodePoints',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || codePointLength(value) <= max,
        defaultMessage: buildMessage((prefix) => `${prefix}$property must have at most $constraint1 characters`, options),
      },
    },
    options,
  );
}

export function RequiredUuid(): PropertyDecorator {
  return applyDecorators(IsDefined(), IsString(), Matches(UUID_PATTERN));
}

export function OptionalUuid(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsString(), Matches(UUID_PATTERN));
}

/** Requires a non-empty string of at most `max` code points. */
export function RequiredString(max: number): PropertyDecorator {
  return applyDecorators(IsDefined(), IsString(), Matches(/\S/), MaxCodePoints(max));
}

export function OptionalString(max: number): PropertyDecorator {
  return applyDecorators(IsOptional(), IsString(), MaxCodePoints(max));
}

export function RequiredEnum(values: readonly string[]): PropertyDecorator {
  return applyDecorators(IsDefined(), IsString(), IsIn(values));
}

export function OptionalEnum(values: readonly string[]): PropertyDecorator {
  return applyDecorators(IsOptional(), IsString(), IsIn(values));
}

export function OptionalBoolean(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsBoolean());
}

export function OptionalInteger(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsInt());
}

/** Rules of a list of uuids: a value that is not a list is error 31, as the group endpoints return. */
function uuidListRules(): PropertyDecorator[] {
  return [
    IsArray({ context: { code: ApiErrorCode.NOT_LIST } }),
    IsString({ each: true }),
    Matches(UUID_PATTERN, { each: true }),
    ValidateBy({
      name: 'maxListLength',
      constraints: [LIMITS.list],
      validator: { validate: (value: unknown) => !Array.isArray(value) || value.length <= LIMITS.list },
    }),
  ];
}

/** Requires a list of at most 1,000 uuids. */
export function RequiredUuidList(): PropertyDecorator {
  return applyDecorators(IsDefined(), ...uuidListRules());
}

/** Accepts an optional list of at most 1,000 uuids. */
export function OptionalUuidList(): PropertyDecorator {
  return applyDecorators(IsOptional(), ...uuidListRules());
}

/** Requires a page offset: -1 (everything) or a page number from 0. */
export function RequiredPageOffset(): PropertyDecorator {
  return applyDecorators(IsDefined(), IsInt(), ValidateBy({ name: 'pageOffset', validator: { validate: (value: unknown) => typeof value !== 'number' || value >= -1 } }));
}

/** An optional page size of at least 1; the handler clamps it to its maximum. */
export function OptionalPageSize(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsInt(), ValidateBy({ name: 'pageSize', validator: { validate: (value: unknown) => typeof value !== 'number' || value >= 1 } }));
}
