import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { presentServiceUserCard, SERVICE_USERS_SQL, ServiceUserRow } from '../service-user-cards';
import { SERVICE_USER_LIST_LIMIT } from './get-app-service-user-list.handler';
import { GetNoGroupUserListQuery } from './get-no-group-user-list.query';

@QueryHandler(GetNoGroupUserListQuery)
export class GetNoGroupUserListHandler implements IQueryHandler<GetNoGroupUserListQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ appUuid }: GetNoGroupUserListQuery): Promise<{ list: Record<string, unknown>[] }> {
    const rows: ServiceUserRow[] = await this.dataSource.query(SERVICE_USERS_SQL, [appUuid, SERVICE_USER_LIST_LIMIT, true]);
    return { list: rows.map(presentServiceUserCard) };
  }
}
