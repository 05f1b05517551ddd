import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { createLogger } from '../../../common/logging/logger';
import { adjustUserCount, assertServiceUsers, distinctUuids, lockAppMemberships, lockGroup } from '../org-group-membership';
import { OrgGroupUsersAddedEvent } from '../events/org-group-users-added.event';
import { AddOrgGroupUsersCommand } from './add-org-group-users.command';

@CommandHandler(AddOrgGroupUsersCommand)
export class AddOrgGroupUsersHandler implements ICommandHandler<AddOrgGroupUsersCommand> {
  private readonly logger = createLogger(AddOrgGroupUsersHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ appUuid, groupUuid, userUuids }: AddOrgGroupUsersCommand): Promise<Record<string, never>> {
    const users = distinctUuids(userUuids);
    const { added, moved } = await this.dataSource.transaction(async (manager) => {
      await lockAppMemberships(manager, appUuid);
      await lockGroup(manager, appUuid, groupUuid);
      await assertServiceUsers(manager, appUuid, users);
      const movedFrom = await this.leaveOtherGroups(manager, appUuid, groupUuid, users);
      const inserted: { user_uuid: string }[] = await manager.query(
        `INSERT INTO org_group_users (app_uuid, user_uuid, group_uuid, is_leader, createtime)
         SELECT $1, user_uuid, $2, false, now() FROM unnest($3::uuid[]) AS user_uuid
         ON CONFLICT (app_uuid, user_uuid) DO NOTHING
         RETURNING user_uuid`,
        [appUuid, groupUuid, users],
      );
      await adjustUserCount(manager, groupUuid, inserted.length);
      return { added: inserted.length, moved: movedFrom };
    });
    this.logger.info({ app_uuid: appUuid, group_uuid: groupUuid, requested: users.length, added, moved_from: moved }, 'added org group users');
    this.eventBus.publish(new OrgGroupUsersAddedEvent(appUuid, groupUuid, users));
    return {};
  }

  /** Deletes the users' memberships of other groups and lowers those groups' counts; returns them. */
  private async leaveOtherGroups(manager: EntityManager, appUuid: string, groupUuid: string, users: string[]): Promise<Record<string, number>> {
    const [rows]: [{ group_uuid: string }[], number] = await manager.query(
      `DELETE FROM org_group_users
        WHERE app_uuid = $1 AND user_uuid = ANY($3::uuid[]) AND group_uuid <> $2
        RETURNING group_uuid`,
      [appUuid, groupUuid, users],
    );
    const counts: Record<string, number> = {};
    for (const row of rows) {
      counts[row.group_uuid] = (counts[row.group_uuid] ?? 0) + 1;
    }
    for (const [oldGroupUuid, count] of Object.entries(counts)) {
      await adjustUserCount(manager, oldGroupUuid, -count);
    }
    return counts;
  }
}
