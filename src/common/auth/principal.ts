import { ApiLevel } from './api-level';

/** Who is calling: the authenticated token's facts. Never contains the token itself. */
export interface Principal {
  tokenUuid: string;
  appUuid: string;
  level: ApiLevel;
  /**
   * The user this token acts as: the password-grant user, or the visitor a PPCOM token was bound
   * to. Null for tokens that act for any user of their app (console and third-party levels) and
   * for a PPCOM token that has not identified a visitor yet.
   */
  userUuid: string | null;
}
