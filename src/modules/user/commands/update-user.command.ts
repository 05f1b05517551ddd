import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { UpdateUserDto } from '../dto/update-user.dto';

/** Changes a user's profile, password or distributor flag; resolves to an empty payload. */
export class UpdateUserCommand extends Command<Record<string, never>> {
  constructor(
    readonly principal: Principal,
    readonly changes: UpdateUserDto,
  ) {
    super();
  }
}
