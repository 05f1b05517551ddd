import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { createLogger } from '../../../common/logging/logger';
import { TokenService } from '../../auth/token.service';
import { AppUserEntity } from '../entities/app-user.entity';
import { UserEntity } from '../entities/user.entity';
import { verifyPassword } from '../password-hasher';
import { UserDirectoryService } from '../user-directory.service';
import { AppOwnerError, UserNotFoundError, WrongPasswordError } from '../user.errors';
import { RemoveUserCommand } from './remove-user.command';

/**
 * Soft-removes a user: the row stays (with `removed_at`) so history can still name the sender,
 * while memberships, devices, group memberships and tokens go at once.
 */
@CommandHandler(RemoveUserCommand)
export class RemoveUserHandler implements ICommandHandler<RemoveUserCommand> {
  private readonly logger = createLogger(RemoveUserHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: UserDirectoryService,
    private readonly tokens: TokenService,
  ) {}

  async execute({ appUuid, userUuid, passwordSha1 }: RemoveUserCommand): Promise<Record<string, never>> {
    const member = await this.directory.findAppMember(appUuid, userUuid);
    if (!member) {
      throw new UserNotFoundError(appUuid, userUuid);
    }
    if (!(await verifyPassword(member.user.password_hash, passwordSha1))) {
      throw new WrongPasswordError(userUuid, 'user_password does not match');
    }
    const owns = await this.dataSource.getRepository(AppUserEntity).exists({ where: { user_uuid: userUuid, is_owner_user: true } });
    if (owns) {
      throw new AppOwnerError(userUuid);
    }

    await this.dataSource.transaction((manager) => this.remove(manager, appUuid, userUuid));
    this.tokens.forgetUser(userUuid);
    this.logger.info({ app_uuid: appUuid, user_uuid: userUuid }, 'removed user');
    return {};
  }

  private async remove(manager: EntityManager, appUuid: string, userUuid: string): Promise<void> {
    // Clearing the trace id lets the same browser become a new visitor later.
    const result = await manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ removed_at: () => 'now()', updatetime: () => 'now()', ppcom_trace_uuid: null })
      .where('uuid = :userUuid AND removed_at IS NULL', { userUuid })
      .execute();
    if (!result.affected) {
      throw new UserNotFoundError(appUuid, userUuid);
    }
    await manager.getRepository(AppUserEntity).delete({ user_uuid: userUuid });
    // Devices and org groups belong to other modules; plain SQL keeps this one transaction.
    await manager.query('DELETE FROM devices WHERE user_uuid = $1', [userUuid]);
    await manager.query(
      `WITH left_groups AS (DELETE FROM org_group_users WHERE user_uuid = $1 RETURNING group_uuid)
       UPDATE org_groups g SET user_count = g.user_count - counted.n, updatetime = now()
         FROM (SELECT group_uuid, count(*)::int AS n FROM left_groups GROUP BY group_uuid) counted
        WHERE g.uuid = counted.group_uuid`,
      [userUuid],
    );
    await this.tokens.revokeUserTokens(userUuid, undefined, manager);
  }
}
