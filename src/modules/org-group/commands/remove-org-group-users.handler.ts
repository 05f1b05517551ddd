import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createLogger } from '../../../common/logging/logger';
import { NotGroupUserError } from '../org-group.errors';
import { adjustUserCount, assertServiceUsers, distinctUuids, lockAppMemberships, lockGroup } from '../org-group-membership';
import { RemoveOrgGroupUsersCommand } from './remove-org-group-users.command';

@CommandHandler(RemoveOrgGroupUsersCommand)
export class RemoveOrgGroupUsersHandler implements ICommandHandler<RemoveOrgGroupUsersCommand> {
  private readonly logger = createLogger(RemoveOrgGroupUsersHandler.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ appUuid, groupUuid, userUuids }: RemoveOrgGroupUsersCommand): Promise<Record<string, never>> {
    const users = distinctUuids(userUuids);
    const removed = await this.dataSource.transaction(async (manager) => {
      await lockAppMemberships(manager, appUuid);
      await lockGroup(manager, appUuid, groupUuid);
      await assertServiceUsers(manager, appUuid, users);
      const members: { user_uuid: string }[] = await manager.query(
        'SELECT user_uuid FROM org_group_users WHERE app_uuid = $1 AND group_uuid = $2 AND user_uuid = ANY($3::uuid[])',
        [appUuid, groupUuid, users],
      );
      const memberSet = new Set(members.map((row) => row.user_uuid));
      const outsiders = users.filter((uuid) => !memberSet.has(uuid));
      // All or nothing: one outsider rejects the whole request before anything is deleted.
      if (outsiders.length > 0) {
        throw new NotGroupUserError(groupUuid, outsiders);
      }
      const [deleted]: [unknown[], number] = await manager.query(
        'DELETE FROM org_group_users WHERE app_uuid = $1 AND group_uuid = $2 AND user_uuid = ANY($3::uuid[]) RETURNING user_uuid',
        [appUuid, groupUuid, users],
      );
      await adjustUserCount(manager, groupUuid, -deleted.length);
      return deleted.length;
    });
    this.logger.info({ app_uuid: appUuid, group_uuid: groupUuid, removed }, 'removed org group users');
    return {};
  }
}
