import { Query } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';

export class GetAppInfoQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly appUuid: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
