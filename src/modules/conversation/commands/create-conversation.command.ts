import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { CreateConversationDto } from '../dto/create-conversation.dto';

export class CreateConversationCommand extends Command<Record<string, unknown>> {
  constructor(
    readonly request: CreateConversationDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
