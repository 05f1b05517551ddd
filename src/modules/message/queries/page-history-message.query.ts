import { Query } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { PageHistoryMessageDto } from '../dto/page-history-message.dto';

export class PageHistoryMessageQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly request: PageHistoryMessageDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
