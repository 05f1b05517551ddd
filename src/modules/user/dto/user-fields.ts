import { applyDecorators } from '@nestjs/common';
import { Matches } from 'class-validator';
import { LIMITS, OptionalString, RequiredString } from '../../../common/validation/protocol-validators';

/** Something@something, without spaces; the protocol never verified more than that. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;
/** The SHA-1 hex of a password, as every client sends it. */
export const PASSWORD_SHA1_PATTERN = /^[0-9a-fA-F]{40}$/;

export const USER_STATUSES = ['OWNER_0', 'OWNER_1', 'OWNER_2', 'OWNER_3', 'ADMIN', 'SERVICE', 'ANONYMOUS', 'THIRDPARTY'] as const;
export const SERVICE_USER_STATUSES = ['READY', 'BUSY', 'REST'] as const;

export function RequiredEmail(): PropertyDecorator {
  return applyDecorators(RequiredString(LIMITS.email), Matches(EMAIL_PATTERN));
}

export function OptionalEmail(): PropertyDecorator {
  return applyDecorators(OptionalString(LIMITS.email), Matches(EMAIL_PATTERN));
}

export function RequiredPasswordSha1(): PropertyDecorator {
  return applyDecorators(RequiredString(40), Matches(PASSWORD_SHA1_PATTERN));
}

export function OptionalPasswordSha1(): PropertyDecorator {
  return applyDecorators(OptionalString(40), Matches(PASSWORD_SHA1_PATTERN));
}
