import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createLogger } from '../../../common/logging/logger';
import { OrgGroupUserEntity } from '../entities/org-group-user.entity';
import { OrgGroupEntity } from '../entities/org-group.entity';
import { lockAppMemberships, lockGroup } from '../org-group-membership';
import { RemoveOrgGroupCommand } from './remove-org-group.command';

@CommandHandler(RemoveOrgGroupCommand)
export class RemoveOrgGroupHandler implements ICommandHandler<RemoveOrgGroupCommand> {
  private readonly logger = createLogger(RemoveOrgGroupHandler.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ appUuid, groupUuid }: RemoveOrgGroupCommand): Promise<Record<string, never>> {
    const members = await this.dataSource.transaction(async (manager) => {
      await lockAppMemberships(manager, appUuid);
      await lockGroup(manager, appUuid, groupUuid);
      const deleted = await manager.getRepository(OrgGroupUserEntity).delete({ app_uuid: appUuid, group_uuid: groupUuid });
      await manager.getRepository(OrgGroupEntity).delete({ uuid: groupUuid, app_uuid: appUuid });
      return deleted.affected ?? 0;
    });
    this.logger.info({ app_uuid: appUuid, group_uuid: groupUuid, members }, 'removed org group');
    return {};
  }
}
