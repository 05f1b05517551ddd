import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';

export interface AnonymousUser {
  user_uuid: string;
  user_email: string | null;
  user_fullname: string | null;
  user_name: string | null;
  user_icon: string | null;
  user_status: string | null;
}

/** Finds or creates the visitor of one browser (`ppcom_trace_uuid`) in the token's app. */
export class CreateAnonymousCommand extends Command<AnonymousUser> {
  constructor(
    readonly principal: Principal,
    readonly traceUuid: string,
    readonly clientAddress: string,
  ) {
    super();
  }
}
