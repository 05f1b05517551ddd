import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgGroupEntity } from '../entities/org-group.entity';
import { presentOrgGroup } from '../org-group.presenter';
import { ListAppOrgGroupsQuery } from './list-app-org-groups.query';

/**
 * Upper bound on one answer. The protocol has no paging for this list.
 * NOTE: an app with more groups sees only its 1000 oldest.
 */
export const MAX_APP_ORG_GROUPS = 1000;

@QueryHandler(ListAppOrgGroupsQuery)
export class ListAppOrgGroupsHandler implements IQueryHandler<ListAppOrgGroupsQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ appUuid }: ListAppOrgGroupsQuery): Promise<{ list: Record<string, unknown>[] }> {
    const groups = await this.dataSource.getRepository(OrgGroupEntity).find({
      where: { app_uuid: appUuid },
      order: { createtime: 'ASC', uuid: 'ASC' },
      take: MAX_APP_ORG_GROUPS,
    });
    return { list: groups.map(presentOrgGroup) };
  }
}
