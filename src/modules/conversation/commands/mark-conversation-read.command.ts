import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { MarkConversationReadDto } from '../dto/mark-conversation-read.dto';

export class MarkConversationReadCommand extends Command<Record<string, unknown>> {
  constructor(
    readonly request: MarkConversationReadDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
