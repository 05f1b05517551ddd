import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { presentServiceUserCard, SERVICE_USERS_SQL, ServiceUserRow } from '../service-user-cards';
import { GetAppServiceUserListQuery } from './get-app-service-user-list.query';

/**
 * Maximum number of agents returned. The protocol has no paging here; a team larger than this
 * gets its first agents by name only.
 */
export const SERVICE_USER_LIST_LIMIT = 1000;

@QueryHandler(GetAppServiceUserListQuery)
export class GetAppServiceUserListHandler implements IQueryHandler<GetAppServiceUserListQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ appUuid }: GetAppServiceUserListQuery): Promise<{ list: Record<string, unknown>[] }> {
    const rows: ServiceUserRow[] = await this.dataSource.query(SERVICE_USERS_SQL, [appUuid, SERVICE_USER_LIST_LIMIT, false]);
    return { list: rows.map(presentServiceUserCard) };
  }
}
