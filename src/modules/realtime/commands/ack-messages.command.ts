import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';

export class AckMessagesCommand extends Command<Record<string, never>> {
  constructor(
    readonly principal: Principal,
    readonly pids: string[],
  ) {
    super();
  }
}
