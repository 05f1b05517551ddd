import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiLevel, isConsoleLevel } from '../../../common/auth/api-level';
import { ApiKeyService } from '../../auth/api-key.service';
import { presentApp } from '../app-info.presenter';
import { AppNotFoundError } from '../app.errors';
import { AppEntity } from '../entities/app.entity';
import { GetAppInfoQuery } from './get-app-info.query';

@QueryHandler(GetAppInfoQuery)
export class GetAppInfoHandler implements IQueryHandler<GetAppInfoQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async execute({ appUuid, principal }: GetAppInfoQuery): Promise<Record<string, unknown>> {
    const app = await this.dataSource.getRepository(AppEntity).findOne({ where: { uuid: appUuid } });
    if (!app) {
      throw new AppNotFoundError(appUuid);
    }
    const consoleKey = await this.apiKeys.findForApp(app.uuid, ApiLevel.PPCONSOLE);
    return presentApp(app, consoleKey, isConsoleLevel(principal.level));
  }
}
