import { Command } from '@nestjs/cqrs';

/** Removes a user of the token's app after checking their password. */
export class RemoveUserCommand extends Command<Record<string, never>> {
  constructor(
    readonly appUuid: string,
    readonly userUuid: string,
    readonly passwordSha1: string,
  ) {
    super();
  }
}
