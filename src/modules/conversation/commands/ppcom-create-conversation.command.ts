import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { PpcomCreateConversationDto } from '../dto/ppcom-create-conversation.dto';

/**
 * PPCOM_CREATE_CONVERSATION: the visitor's conversation with an org group or with chosen agents,
 * reused when it exists. Resolves to the conversation as PP_GET_CONVERSATION_INFO returns it.
 */
export class PpcomCreateConversationCommand extends Command<Record<string, unknown>> {
  constructor(
    readonly request: PpcomCreateConversationDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
