import { Command } from '@nestjs/cqrs';

/** Takes service users out of a group; every one of them must be a member. */
export class RemoveOrgGroupUsersCommand extends Command<Record<string, never>> {
  constructor(
    readonly appUuid: string,
    readonly groupUuid: string,
    readonly userUuids: string[],
  ) {
    super();
  }
}
