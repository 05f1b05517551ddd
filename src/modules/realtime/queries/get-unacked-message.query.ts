import { Query } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';

export interface UnackedMessage {
  /** The `pid`. */
  uuid: string;
  /** The compact body as a JSON string, as in GET_UNACKED_MESSAGES. */
  message: string;
}

export class GetUnackedMessageQuery extends Query<UnackedMessage> {
  constructor(
    readonly principal: Principal,
    readonly pid: string,
  ) {
    super();
  }
}
