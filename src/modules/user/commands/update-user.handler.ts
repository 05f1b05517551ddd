import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { assertActsAs } from '../../../common/auth/acting-as';
import { uniqueViolation } from '../../../common/database/transaction';
import { createLogger } from '../../../common/logging/logger';
import { TokenService } from '../../auth/token.service';
import { UpdateUserDto } from '../dto/update-user.dto';
import { AppUserEntity } from '../entities/app-user.entity';
import { UserEntity } from '../entities/user.entity';
import { hashPassword, verifyPassword } from '../password-hasher';
import { emailKey } from '../user-account.service';
import { AppMember, UserDirectoryService } from '../user-directory.service';
import { UserExistsError, UserNotFoundError, WrongPasswordError } from '../user.errors';
import { UpdateUserCommand } from './update-user.command';

/** Request fields that map one to one onto `users` columns. */
const PROFILE_FIELDS = [
  'user_fullname',
  'user_firstname',
  'user_lastname',
  'user_icon',
  'user_signature',
  'user_language',
  'user_mobile',
  'user_qq',
  'user_wechat',
  'user_company',
  'user_defined',
  'user_silence_notification',
  'user_show_badge',
  'user_mute_notification',
  'user_mute_other_mobile_device',
  'service_user_status',
] as const;

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand> {
  private readonly logger = createLogger(UpdateUserHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: UserDirectoryService,
    private readonly tokens: TokenService,
  ) {}

  async execute({ principal, changes }: UpdateUserCommand): Promise<Record<string, never>> {
    const appUuid = principal.appUuid;
    assertActsAs(principal, changes.user_uuid);
    const member = await this.directory.findAppMember(appUuid, changes.user_uuid);
    if (!member) {
      throw new UserNotFoundError(appUuid, changes.user_uuid);
    }

    const patch = await this.buildPatch(member, changes);
    const changed = Object.keys(patch);
    const setDistributor = typeof changes.is_distributor_user === 'boolean' && member.membership.is_service_user;
    if (changed.length === 0 && !setDistributor) {
      return {};
    }

    try {
      await this.dataSource.transaction(async (manager) => {
        if (changed.length > 0) {
          await manager.getRepository(UserEntity).update({ uuid: member.user.uuid }, { ...patch, updatetime: () => 'now()' });
        }
        if (setDistributor) {
          await manager
            .getRepository(AppUserEntity)
            .update({ app_uuid: appUuid, user_uuid: member.user.uuid }, { is_distributor_user: changes.is_distributor_user as boolean, updatetime: () => 'now()' });
        }
        if (patch.password_hash) {
          await this.tokens.revokeUserTokens(member.user.uuid, principal.tokenUuid, manager);
        }
      });
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'uq_users_service_email' || constraint === 'uq_users_portal_email') {
        throw new UserExistsError(appUuid, constraint);
      }
      throw error;
    }
    if (patch.password_hash) {
      this.tokens.forgetUser(member.user.uuid, principal.tokenUuid);
    }
    this.logger.info({ app_uuid: appUuid, user_uuid: member.user.uuid, fields: changed.map((field) => (field === 'password_hash' ? 'password' : field)), distributor: setDistributor }, 'updated user');
    return {};
  }

  /** The column changes; a new password needs the matching old one (else 10). */
  private async buildPatch(member: AppMember, changes: UpdateUserDto): Promise<QueryDeepPartialEntity<UserEntity>> {
    const patch: Record<string, unknown> = {};
    for (const field of PROFILE_FIELDS) {
      const value = changes[field];
      // Null means "not given", as in the other update endpoints.
      if (value !== undefined && value !== null) {
        patch[field] = value;
      }
    }
    if (changes.user_email) {
      const email = changes.user_email.trim();
      patch.user_email = email;
      patch.email_key = emailKey(email);
    }
    const newPassword = changes.new_password ?? changes.user_password;
    if (newPassword) {
      if (!changes.old_password) {
        throw new WrongPasswordError(member.user.uuid, 'a new password was given without old_password');
      }
      if (!(await verifyPassword(member.user.password_hash, changes.old_password))) {
        throw new WrongPasswordError(member.user.uuid, 'old_password does not match');
      }
      patch.password_hash = await hashPassword(newPassword);
    }
    return patch as QueryDeepPartialEntity<UserEntity>;
  }
}
