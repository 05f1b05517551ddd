import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { ApiError } from '../protocol/api-error';
import { ApiErrorCode } from '../protocol/api-error-code';
import { TYPE_CONSTRAINTS } from './protocol-validators';

interface Failure {
  property: string;
  code: ApiErrorCode;
}

function classify(error: ValidationError, parentPath = ''): Failure[] {
  const property = parentPath ? `${parentPath}.${error.property}` : error.property;
  const failures: Failure[] = [];
  for (const constraint of Object.keys(error.constraints ?? {})) {
    const contextCode = (error.contexts?.[constraint] as { code?: ApiErrorCode } | undefined)?.code;
    if (constraint === 'isDefined') {
      failures.push({ property, code: ApiErrorCode.NO_PARA });
    } else if (contextCode !== undefined) {
      failures.push({ property, code: contextCode });
    } else if (TYPE_CONSTRAINTS.has(constraint)) {
      failures.push({ property, code: ApiErrorCode.WRONG_PARA });
    } else {
      failures.push({ property, code: ApiErrorCode.INVALID_PARA });
    }
  }
  for (const child of error.children ?? []) {
    failures.push(...classify(child, property));
  }
  return failures;
}

/** Which failure the client hears about when several fields are wrong: missing beats mistyped beats invalid. */
const PRIORITY: ApiErrorCode[] = [ApiErrorCode.NO_PARA, ApiErrorCode.NOT_LIST, ApiErrorCode.WRONG_PARA, ApiErrorCode.INVALID_PARA];

/**
 * Validates a request body against its DTO class and maps the failure to the protocol's codes:
 * a missing field is 6, a field of the wrong JSON type 28, a value out of its domain 44.
 * Unknown keys are dropped, as the protocol ignores them.
 */
@Injectable()
export class ProtocolValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metadata.type !== 'body' || !metatype || [Object, String, Number, Boolean, Array].includes(metatype as never)) {
      return value;
    }
    const instance = plainToInstance(metatype, value ?? {}, { enableImplicitConversion: false });
    const errors = await validate(instance as object, { whitelist: true, forbidUnknownValues: false, validationError: { target: false } });
    if (errors.length === 0) {
      return instance;
    }
    const failures = errors.flatMap((error) => classify(error));
    failures.sort((a, b) => rank(a.code) - rank(b.code));
    const first = failures[0];
    const sameCode = failures.filter((failure) => failure.code === first.code).map((failure) => failure.property);
    throw new ApiError(first.code, `invalid request body: ${[...new Set(sameCode)].join(', ')} (${ApiErrorCode[first.code]})`);
  }
}

function rank(code: ApiErrorCode): number {
  const index = PRIORITY.indexOf(code);
  return index === -1 ? PRIORITY.length : index;
}
