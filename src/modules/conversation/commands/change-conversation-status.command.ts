import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { MemberConversationDto } from '../dto/member-conversation.dto';

/** PP_OPEN_CONVERSATION (`OPEN`) or PP_CLOSE_CONVERSATION (`CLOSE`) for one member. */
export class ChangeConversationStatusCommand extends Command<Record<string, unknown>> {
  constructor(
    readonly request: MemberConversationDto,
    readonly status: 'OPEN' | 'CLOSE',
    readonly principal: Principal,
  ) {
    super();
  }
}
