import { Query } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { GetHistoryMessageDto } from '../dto/get-history-message.dto';

export class GetHistoryMessageQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly request: GetHistoryMessageDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
