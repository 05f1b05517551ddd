import { ApiLevel } from '../../common/auth/api-level';
import { Principal } from '../../common/auth/principal';

/**
 * Whose deliveries a token may read or acknowledge: its own user's for PPCOM and PPKEFU tokens
 * (`undefined` = none for an unbound PPCOM token), any user of its app otherwise (`null`).
 * Every query also confines rows to the token's app.
 */
export function deliveryOwner(principal: Principal): string | null | undefined {
  if (principal.level === ApiLevel.PPCOM || principal.level === ApiLevel.PPKEFU) {
    return principal.userUuid ?? undefined;
  }
  return null;
}
