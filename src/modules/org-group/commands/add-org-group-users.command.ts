import { Command } from '@nestjs/cqrs';

/** Puts service users into a group, moving each out of any other group of the app. */
export class AddOrgGroupUsersCommand extends Command<Record<string, never>> {
  constructor(
    readonly appUuid: string,
    readonly groupUuid: string,
    readonly userUuids: string[],
  ) {
    super();
  }
}
