import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { uniqueViolation } from '../../../common/database/transaction';
import { createLogger } from '../../../common/logging/logger';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { OrgGroupEntity } from '../entities/org-group.entity';
import { DistributorGroupExistsError } from '../org-group.errors';
import { presentOrgGroup } from '../org-group.presenter';
import { CreateOrgGroupCommand } from './create-org-group.command';

@CommandHandler(CreateOrgGroupCommand)
export class CreateOrgGroupHandler implements ICommandHandler<CreateOrgGroupCommand> {
  private readonly logger = createLogger(CreateOrgGroupHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ fields }: CreateOrgGroupCommand): Promise<Record<string, unknown>> {
    const uuid = randomUUID();
    const now = new Date();
    const repository = this.dataSource.getRepository(OrgGroupEntity);
    const group = repository.create({
      uuid,
      app_uuid: fields.app_uuid,
      group_name: fields.group_name,
      group_desc: fields.group_desc ?? null,
      group_icon: fields.group_icon ?? `${this.config.publicUrl}/identicon/${uuid}.png`,
      is_root: false,
      is_distributor: fields.is_distributor ?? false,
      group_route_algorithm: null,
      group_work_time_str: fields.group_work_time_str ?? null,
      group_visible_for_ppcom: fields.group_visible_for_ppcom ?? null,
      group_visible_order_for_ppcom: fields.group_visible_order_for_ppcom ?? null,
      user_count: 0,
      createtime: now,
      updatetime: now,
    });
    try {
      await repository.insert(group);
    } catch (error) {
      // The partial unique index decides between concurrent creators of a distributor group.
      if (uniqueViolation(error) === 'uq_org_groups_distributor') {
        throw new DistributorGroupExistsError(fields.app_uuid);
      }
      throw error;
    }
    this.logger.info({ app_uuid: fields.app_uuid, group_uuid: uuid, is_distributor: group.is_distributor }, 'created org group');
    return presentOrgGroup(await repository.findOneByOrFail({ uuid }));
  }
}
