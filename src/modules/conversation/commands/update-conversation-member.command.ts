import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { UpdateConversationMemberDto } from '../dto/update-conversation-member.dto';

/** Adds service users to a conversation or removes members from it; resolves to an empty payload. */
export class UpdateConversationMemberCommand extends Command<Record<string, never>> {
  constructor(
    readonly request: UpdateConversationMemberDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
