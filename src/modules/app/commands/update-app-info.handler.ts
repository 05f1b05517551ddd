import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ApiLevel } from '../../../common/auth/api-level';
import { createLogger } from '../../../common/logging/logger';
import { ApiKeyService } from '../../auth/api-key.service';
import { presentApp } from '../app-info.presenter';
import { normalizeRoutePolicy } from '../app-route-policy';
import { AppNotFoundError } from '../app.errors';
import { AppEntity } from '../entities/app.entity';
import { UpdateAppInfoCommand } from './update-app-info.command';

/** Request fields that map one to one onto `apps` columns. */
const UPDATABLE_FIELDS = [
  'app_name',
  'app_icon',
  'welcome_message',
  'offline_message',
  'return_offline_message',
  'show_ppcom_hover',
  'ppcom_launcher_color',
  'ppcom_launcher_style',
  'ppcom_powered_by_name',
  'ppcom_powered_by_link',
  'ppcom_powered_by_visible',
  'identity_verification',
  'allow_anonymous_upload',
] as const;

@CommandHandler(UpdateAppInfoCommand)
export class UpdateAppInfoHandler implements ICommandHandler<UpdateAppInfoCommand> {
  private readonly logger = createLogger(UpdateAppInfoHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async execute({ changes }: UpdateAppInfoCommand): Promise<Record<string, unknown>> {
    const patch: QueryDeepPartialEntity<AppEntity> = { updatetime: () => 'now()' };
    const changed: string[] = [];
    for (const field of UPDATABLE_FIELDS) {
      const value = changes[field];
      // Null means "not given", so a client cannot null a NOT NULL column such as app_name.
      if (value !== undefined && value !== null) {
        (patch as Record<string, unknown>)[field] = value;
        changed.push(field);
      }
    }
    if (changes.app_route_policy) {
      patch.app_route_policy = normalizeRoutePolicy(changes.app_route_policy);
      changed.push('app_route_policy');
    }

    const repository = this.dataSource.getRepository(AppEntity);
    const result = await repository.update({ uuid: changes.app_uuid }, patch);
    if (!result.affected) {
      throw new AppNotFoundError(changes.app_uuid);
    }
    this.logger.info({ app_uuid: changes.app_uuid, fields: changed }, 'updated app info');

    const app = await repository.findOneOrFail({ where: { uuid: changes.app_uuid } });
    const consoleKey = await this.apiKeys.findForApp(app.uuid, ApiLevel.PPCONSOLE);
    return presentApp(app, consoleKey, true);
  }
}
