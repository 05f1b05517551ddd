import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createLogger } from '../../common/logging/logger';
import { AppProvisioningService } from '../../modules/app/app-provisioning.service';
import { UserAccountService } from '../../modules/user/user-account.service';
import { findAgentByEmail, generatePassword, passwordSha1, rethrowEmailTaken } from '../operator-accounts';
import { CreateAppWithOwnerCommand, CreatedAppWithOwner } from './create-app-with-owner.command';

@CommandHandler(CreateAppWithOwnerCommand)
export class CreateAppWithOwnerHandler implements ICommandHandler<CreateAppWithOwnerCommand> {
  private readonly logger = createLogger(CreateAppWithOwnerHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apps: AppProvisioningService,
    private readonly users: UserAccountService,
  ) {}

  async execute({ appName, ownerEmail, ownerPassword }: CreateAppWithOwnerCommand): Promise<CreatedAppWithOwner> {
    const appUuid = randomUUID();
    const result = await this.dataSource
      .transaction(async (manager) => {
        let ownerUuid = await findAgentByEmail(manager, ownerEmail);
        let password: string | null = null;
        if (!ownerUuid) {
          password = ownerPassword ?? generatePassword();
          const fullname = ownerEmail.split('@')[0];
          const owner = await this.users.createServiceUser(manager, { appUuid, email: ownerEmail, fullname, passwordSha1: passwordSha1(password), userStatus: 'OWNER_2' });
          ownerUuid = owner.uuid;
        }
        const { app, apiKeys } = await this.apps.createApp(manager, { ownerUserUuid: ownerUuid, appName }, appUuid);
        await this.users.addMembership(manager, app.uuid, ownerUuid, { isOwner: true, isService: true, isDistributor: true, isPortal: false });
        return { app, apiKeys, ownerUuid, password };
      })
      .catch((error: unknown) => rethrowEmailTaken(error, ownerEmail));

    const created = result.password !== null;
    this.logger.info({ app_uuid: appUuid, owner_uuid: result.ownerUuid, owner_created: created }, 'operator created app');
    return {
      app_uuid: result.app.uuid,
      app_name: result.app.app_name,
      owner: {
        user_uuid: result.ownerUuid,
        user_email: ownerEmail,
        created,
        // Shown only when generated here; an operator-chosen password is not echoed.
        ...(created && ownerPassword === null ? { user_password: result.password as string } : {}),
      },
      api_keys: result.apiKeys,
    };
  }
}
