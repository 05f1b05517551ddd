import { Query } from '@nestjs/cqrs';

export interface LoginUser {
  userUuid: string;
}

/**
 * Checks an agent's login for the password grant: the email of a service user of `appUuid` and
 * the SHA-1 hex of the password. Handled by the User module; resolves to null on any mismatch.
 */
export class VerifyLoginQuery extends Query<LoginUser | null> {
  constructor(
    readonly appUuid: string,
    readonly email: string,
    readonly passwordSha1: string,
  ) {
    super();
  }
}
