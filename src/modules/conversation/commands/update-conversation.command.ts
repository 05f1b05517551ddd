import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { UpdateConversationDto } from '../dto/update-conversation.dto';

/** Deprecated PP_UPDATE_CONVERSATION: sets `assigned_uuid` only. */
export class UpdateConversationCommand extends Command<Record<string, unknown>> {
  constructor(
    readonly request: UpdateConversationDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
