import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';

/** Sets an agent's READY/BUSY/REST status. */
export class SetServiceUserStatusCommand extends Command<Record<string, never>> {
  constructor(
    readonly principal: Principal,
    readonly userUuid: string,
    readonly status: string,
  ) {
    super();
  }
}
