import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { GetUserUuidDto } from '../dto/get-user-uuid.dto';

export interface IdentifiedUser {
  user_uuid: string;
  user_email: string | null;
  user_fullname: string | null;
  user_icon: string | null;
}

/** Finds or creates the named visitor with this email in the token's app. */
export class GetUserUuidCommand extends Command<IdentifiedUser> {
  constructor(
    readonly principal: Principal,
    readonly input: GetUserUuidDto,
  ) {
    super();
  }
}
