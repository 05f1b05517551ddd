import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { uniqueViolation } from '../../../common/database/transaction';
import { createLogger } from '../../../common/logging/logger';
import { UserEntity } from '../entities/user.entity';
import { hashPassword } from '../password-hasher';
import { emailKey, UserAccountService } from '../user-account.service';
import { UserExistsError } from '../user.errors';
import { CreateUserCommand } from './create-user.command';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand> {
  private readonly logger = createLogger(CreateUserHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: UserAccountService,
  ) {}

  async execute({ appUuid, input }: CreateUserCommand): Promise<Record<string, unknown>> {
    const isService = input.is_service_user === true;
    const email = input.user_email.trim();
    const user = {
      uuid: randomUUID(),
      app_uuid: appUuid,
      user_type: isService ? 'SERVICE' : 'PORTAL',
      user_name: email,
      user_email: email,
      email_key: emailKey(email),
      password_hash: input.user_password ? await hashPassword(input.user_password) : null,
      user_status: input.user_status ?? 'THIRDPARTY',
      user_fullname: input.user_fullname,
      user_language: input.user_language ?? null,
      is_anonymous_user: false,
      service_user_status: isService ? 'READY' : null,
    };

    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(UserEntity).insert(user);
        await this.accounts.addMembership(manager, appUuid, user.uuid, { isOwner: false, isService, isDistributor: isService, isPortal: !isService });
      });
    } catch (error) {
      // The partial unique indexes decide, so two concurrent creates cannot both pass a pre-check.
      const constraint = uniqueViolation(error);
      if (constraint === 'uq_users_service_email' || constraint === 'uq_users_portal_email') {
        throw new UserExistsError(appUuid, constraint);
      }
      throw error;
    }
    this.logger.info({ app_uuid: appUuid, user_uuid: user.uuid, user_type: user.user_type }, 'created user');

    return {
      uuid: user.uuid,
      user_status: user.user_status,
      user_name: user.user_name,
      user_email: user.user_email,
      user_language: user.user_language,
      user_fullname: user.user_fullname,
      is_anonymous_user: user.is_anonymous_user,
    };
  }
}
