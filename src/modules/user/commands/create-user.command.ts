import { Command } from '@nestjs/cqrs';
import { CreateUserDto } from '../dto/create-user.dto';

/** Creates a service user (agent) or a portal user (visitor) in the token's app. */
export class CreateUserCommand extends Command<Record<string, unknown>> {
  constructor(
    readonly appUuid: string,
    readonly input: CreateUserDto,
  ) {
    super();
  }
}
