import { Command } from '@nestjs/cqrs';

/** Deletes a group and its memberships. */
export class RemoveOrgGroupCommand extends Command<Record<string, never>> {
  constructor(
    readonly appUuid: string,
    readonly groupUuid: string,
  ) {
    super();
  }
}
