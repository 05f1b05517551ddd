import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { DefaultConversationDto } from '../dto/default-conversation.dto';

/**
 * PPCOM_GET_DEFAULT_CONVERSATION: the visitor's latest conversation, created by the app's route
 * policy when there is none. A command because it may create.
 */
export class GetDefaultConversationCommand extends Command<Record<string, unknown>> {
  constructor(
    readonly request: DefaultConversationDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
