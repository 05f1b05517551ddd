import { ApiError } from '../protocol/api-error';
import { ApiErrorCode } from '../protocol/api-error-code';
import { ApiLevel } from './api-level';
import { Principal } from './principal';

/**
 * Whether the principal may act as `userUuid`. PPKEFU tokens act only as their password-grant
 * user and PPCOM tokens only as the visitor they were bound to (an unbound PPCOM token acts as
 * nobody). Console and third-party tokens act for any user of their app; the caller still has
 * to check that the user belongs to the app.
 */
export function mayActAs(principal: Principal, userUuid: string): boolean {
  if (principal.level === ApiLevel.PPCOM || principal.level === ApiLevel.PPKEFU) {
    return principal.userUuid !== null && principal.userUuid === userUuid;
  }
  return true;
}

/** Throws error 20 unless the principal may act as `userUuid`. */
export function assertActsAs(principal: Principal, userUuid: string): void {
  if (!mayActAs(principal, userUuid)) {
    throw new ApiError(ApiErrorCode.NO_PERM, `token ${principal.tokenUuid} (${principal.level}) may not act as user ${userUuid}`);
  }
}
