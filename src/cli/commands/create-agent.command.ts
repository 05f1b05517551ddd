import { Command } from '@nestjs/cqrs';

export interface CreatedAgent {
  user_uuid: string;
  app_uuid: string;
  user_email: string;
  user_fullname: string;
  is_distributor_user: boolean;
  /** Present only when the CLI generated the password. */
  user_password?: string;
}

/** Operator command: a new agent (service user) of an existing app. */
export class CreateAgentCommand extends Command<CreatedAgent> {
  constructor(
    readonly appUuid: string,
    readonly email: string,
    readonly fullname: string,
    readonly password: string | null,
    readonly distributor: boolean,
  ) {
    super();
  }
}
