import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { uniqueViolation } from '../../../common/database/transaction';
import { createLogger } from '../../../common/logging/logger';
import { ORG_GROUP_FIELD_NAMES } from '../dto/org-group-fields';
import { OrgGroupEntity } from '../entities/org-group.entity';
import { DistributorGroupExistsError, OrgGroupNotFoundError } from '../org-group.errors';
import { presentOrgGroup } from '../org-group.presenter';
import { UpdateOrgGroupCommand } from './update-org-group.command';

@CommandHandler(UpdateOrgGroupCommand)
export class UpdateOrgGroupHandler implements ICommandHandler<UpdateOrgGroupCommand> {
  private readonly logger = createLogger(UpdateOrgGroupHandler.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ changes }: UpdateOrgGroupCommand): Promise<Record<string, unknown>> {
    const patch: QueryDeepPartialEntity<OrgGroupEntity> = { updatetime: () => 'now()' };
    const changed: string[] = [];
    for (const field of ORG_GROUP_FIELD_NAMES) {
      const value = changes[field];
      // Null means "not given", so a client cannot null a NOT NULL column such as group_name.
      if (value !== undefined && value !== null) {
        (patch as Record<string, unknown>)[field] = value;
        changed.push(field);
      }
    }

    const repository = this.dataSource.getRepository(OrgGroupEntity);
    const where = { uuid: changes.group_uuid, app_uuid: changes.app_uuid };
    let affected: number | undefined;
    try {
      affected = (await repository.update(where, patch)).affected;
    } catch (error) {
      if (uniqueViolation(error) === 'uq_org_groups_distributor') {
        throw new DistributorGroupExistsError(changes.app_uuid);
      }
      throw error;
    }
    if (!affected) {
      throw new OrgGroupNotFoundError(changes.app_uuid, changes.group_uuid);
    }
    this.logger.info({ app_uuid: changes.app_uuid, group_uuid: changes.group_uuid, fields: changed }, 'updated org group');
    return presentOrgGroup(await repository.findOneByOrFail(where));
  }
}
