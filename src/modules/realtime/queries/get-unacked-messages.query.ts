import { Query } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { GetUnackedMessagesDto } from '../dto/get-unacked-messages.dto';

export interface UnackedMessages {
  size: number;
  list: string[];
  message: Record<string, string>;
}

export class GetUnackedMessagesQuery extends Query<UnackedMessages> {
  constructor(
    readonly principal: Principal,
    readonly input: GetUnackedMessagesDto,
  ) {
    super();
  }
}
