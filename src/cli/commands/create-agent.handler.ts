import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createLogger } from '../../common/logging/logger';
import { UserAccountService } from '../../modules/user/user-account.service';
import { CliError } from '../cli-error';
import { findAgentByEmail, generatePassword, passwordSha1, rethrowEmailTaken } from '../operator-accounts';
import { CreateAgentCommand, CreatedAgent } from './create-agent.command';

@CommandHandler(CreateAgentCommand)
export class CreateAgentHandler implements ICommandHandler<CreateAgentCommand> {
  private readonly logger = createLogger(CreateAgentHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserAccountService,
  ) {}

  async execute({ appUuid, email, fullname, password, distributor }: CreateAgentCommand): Promise<CreatedAgent> {
    const plainPassword = password ?? generatePassword();
    const userUuid = await this.dataSource
      .transaction(async (manager) => {
        const apps: unknown[] = await manager.query('SELECT 1 FROM apps WHERE uuid = $1', [appUuid]);
        if (apps.length === 0) {
          throw new CliError(`no app with uuid ${appUuid}; list apps with: SELECT uuid, app_name FROM apps`);
        }
        const existing = await findAgentByEmail(manager, email);
        if (existing) {
          throw new CliError(`an agent with email ${email} already exists (user_uuid ${existing}); agent emails are unique across apps`);
        }
        const agent = await this.users.createServiceUser(manager, { appUuid, email, fullname, passwordSha1: passwordSha1(plainPassword), userStatus: 'SERVICE' });
        await this.users.addMembership(manager, appUuid, agent.uuid, { isOwner: false, isService: true, isDistributor: distributor, isPortal: false });
        return agent.uuid;
      })
      .catch((error: unknown) => rethrowEmailTaken(error, email));

    this.logger.info({ app_uuid: appUuid, user_uuid: userUuid, is_distributor_user: distributor }, 'operator created agent');
    return {
      user_uuid: userUuid,
      app_uuid: appUuid,
      user_email: email,
      user_fullname: fullname,
      is_distributor_user: distributor,
      ...(password === null ? { user_password: plainPassword } : {}),
    };
  }
}
