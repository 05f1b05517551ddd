import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgGroupEntity } from '../entities/org-group.entity';
import { OrgGroupNotFoundError } from '../org-group.errors';
import { presentOrgGroup } from '../org-group.presenter';
import { GetOrgGroupDetailQuery } from './get-org-group-detail.query';

@QueryHandler(GetOrgGroupDetailQuery)
export class GetOrgGroupDetailHandler implements IQueryHandler<GetOrgGroupDetailQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ appUuid, groupUuid }: GetOrgGroupDetailQuery): Promise<Record<string, unknown>> {
    const group = await this.dataSource.getRepository(OrgGroupEntity).findOneBy({ uuid: groupUuid, app_uuid: appUuid });
    if (!group) {
      throw new OrgGroupNotFoundError(appUuid, groupUuid);
    }
    return presentOrgGroup(group);
  }
}
