import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { KefuLoginDto } from '../dto/kefu-login.dto';

/** Registers or reuses an agent's device and marks it online; resolves to `device_uuid` plus the user's info. */
export class KefuLoginCommand extends Command<Record<string, unknown>> {
  constructor(
    readonly principal: Principal,
    readonly input: KefuLoginDto,
  ) {
    super();
  }
}
