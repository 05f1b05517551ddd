import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';

/** Marks an agent's device offline; resolves to an empty payload. */
export class KefuLogoutCommand extends Command<Record<string, never>> {
  constructor(
    readonly principal: Principal,
    readonly userUuid: string,
    readonly deviceUuid: string,
  ) {
    super();
  }
}
