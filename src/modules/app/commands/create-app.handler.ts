import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiLevel } from '../../../common/auth/api-level';
import { createLogger } from '../../../common/logging/logger';
import { ApiKeyService } from '../../auth/api-key.service';
import { UserAccountService } from '../../user/user-account.service';
import { presentApp } from '../app-info.presenter';
import { AppProvisioningService } from '../app-provisioning.service';
import { normalizeRoutePolicy } from '../app-route-policy';
import { AppNotFoundError } from '../app.errors';
import { AppEntity } from '../entities/app.entity';
import { CreateAppCommand } from './create-app.command';

@CommandHandler(CreateAppCommand)
export class CreateAppHandler implements ICommandHandler<CreateAppCommand> {
  private readonly logger = createLogger(CreateAppHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly provisioning: AppProvisioningService,
    private readonly users: UserAccountService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async execute({ principal, appName, companyName, routePolicy }: CreateAppCommand): Promise<Record<string, unknown>> {
    const ownerUuid = principal.userUuid ?? (await this.ownerOfApp(principal.appUuid));

    const { app, apiKeys } = await this.dataSource.transaction(async (manager) => {
      const created = await this.provisioning.createApp(manager, {
        ownerUserUuid: ownerUuid,
        appName,
        companyName,
        routePolicy: routePolicy ? normalizeRoutePolicy(routePolicy) : undefined,
      });
      await this.users.addMembership(manager, created.app.uuid, ownerUuid, { isOwner: true, isService: true, isDistributor: true, isPortal: false });
      return created;
    });
    this.logger.info({ app_uuid: app.uuid, owner_uuid: ownerUuid, caller_app_uuid: principal.appUuid }, 'created app');

    const consoleKey = await this.apiKeys.findForApp(app.uuid, ApiLevel.PPCONSOLE);
    return { ...presentApp(app, consoleKey, true), api_keys: apiKeys };
  }

  private async ownerOfApp(appUuid: string): Promise<string> {
    const app = await this.dataSource.getRepository(AppEntity).findOne({ where: { uuid: appUuid } });
    if (!app) {
      throw new AppNotFoundError(appUuid);
    }
    return app.user_uuid;
  }
}
