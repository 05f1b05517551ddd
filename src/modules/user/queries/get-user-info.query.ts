import { Query } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';

/** Reads one user of the token's app with their roles there. */
export class GetUserInfoQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly principal: Principal,
    readonly userUuid: string,
  ) {
    super();
  }
}
