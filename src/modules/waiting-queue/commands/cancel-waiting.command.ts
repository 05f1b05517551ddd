import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { CancelWaitingDto } from '../dto/cancel-waiting.dto';

/** PP_CANCEL_WAITING_CREATE_CONVERSATION: the visitor leaves the waiting queue; resolves to an empty payload. */
export class CancelWaitingCommand extends Command<Record<string, never>> {
  constructor(
    readonly principal: Principal,
    readonly input: CancelWaitingDto,
  ) {
    super();
  }
}
