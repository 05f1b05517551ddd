import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApiLevel } from '../../../common/auth/api-level';
import { createLogger } from '../../../common/logging/logger';
import { TokenService } from '../../auth/token.service';
import { GetUserUuidDto } from '../dto/get-user-uuid.dto';
import { UserEntity } from '../entities/user.entity';
import { emailKey, UserAccountService } from '../user-account.service';
import { NotPortalUserError, UserPermissionError } from '../user.errors';
import { GetUserUuidCommand, IdentifiedUser } from './get-user-uuid.command';

/** Whether `userHash` is the lowercase hex HMAC-SHA256 of the email under the app's secret. */
export function isValidUserHash(secret: string, email: string, userHash: string | null | undefined): boolean {
  if (!userHash) {
    return false;
  }
  const expected = Buffer.from(createHmac('sha256', secret).update(email, 'utf8').digest('hex'), 'utf8');
  const given = Buffer.from(userHash, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

@CommandHandler(GetUserUuidCommand)
export class GetUserUuidHandler implements ICommandHandler<GetUserUuidCommand> {
  private readonly logger = createLogger(GetUserUuidHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: UserAccountService,
    private readonly tokens: TokenService,
  ) {}

  async execute({ principal, input }: GetUserUuidCommand): Promise<IdentifiedUser> {
    const appUuid = principal.appUuid;
    const email = input.user_email.trim();
    await this.verifyIdentity(appUuid, email, input.user_hash);

    const serviceUsers: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM users u JOIN app_users m ON m.user_uuid = u.uuid AND m.app_uuid = $1
        WHERE u.email_key = $2 AND u.user_type = 'SERVICE' AND u.removed_at IS NULL AND m.is_service_user
        LIMIT 1`,
      [appUuid, emailKey(email)],
    );
    if (serviceUsers.length > 0) {
      throw new NotPortalUserError(appUuid);
    }

    const user = await this.dataSource.transaction((manager) => this.findOrCreate(manager, appUuid, email, input));
    if (principal.level === ApiLevel.PPCOM) {
      const boundTo = await this.tokens.bindUser(principal.tokenUuid, user.uuid);
      if (boundTo !== user.uuid) {
        throw new UserPermissionError(`PPCOM token ${principal.tokenUuid} is bound to another visitor than ${user.uuid}`);
      }
    }
    return { user_uuid: user.uuid, user_email: user.user_email, user_fullname: user.user_fullname, user_icon: user.user_icon };
  }

  /** With identity verification on, only the customer's backend can name a visitor (else 20). */
  private async verifyIdentity(appUuid: string, email: string, userHash: string | null | undefined): Promise<void> {
    const rows: { identity_verification: boolean; identity_secret: string }[] = await this.dataSource.query(
      'SELECT identity_verification, identity_secret FROM apps WHERE uuid = $1',
      [appUuid],
    );
    const app = rows[0];
    if (app?.identity_verification && !isValidUserHash(app.identity_secret, email, userHash)) {
      this.logger.warn({ app_uuid: appUuid }, 'user_hash missing or wrong for a named visitor');
      throw new UserPermissionError(`user_hash does not verify for app ${appUuid}`);
    }
  }

  /** ON CONFLICT DO NOTHING on the per-app email index makes concurrent calls share one visitor. */
  private async findOrCreate(manager: EntityManager, appUuid: string, email: string, input: GetUserUuidDto): Promise<UserEntity> {
    const key = emailKey(email);
    const repository = manager.getRepository(UserEntity);
    const existing = await repository.findOne({ where: { app_uuid: appUuid, user_type: 'PORTAL', email_key: key, removed_at: IsNull() } });
    if (existing) {
      return existing;
    }
    const uuid = randomUUID();
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({
        uuid,
        app_uuid: appUuid,
        user_type: 'PORTAL',
        user_name: email,
        user_email: email,
        email_key: key,
        user_status: 'THIRDPARTY',
        user_fullname: input.user_fullname || email.split('@')[0],
        user_icon: input.user_icon ?? null,
        is_anonymous_user: false,
      })
      .orIgnore()
      .returning('uuid')
      .execute();
    if (inserted.raw.length === 0) {
      return repository.findOneOrFail({ where: { app_uuid: appUuid, user_type: 'PORTAL', email_key: key, removed_at: IsNull() } });
    }
    await this.accounts.addMembership(manager, appUuid, uuid, { isOwner: false, isService: false, isDistributor: false, isPortal: true });
    this.logger.info({ app_uuid: appUuid, user_uuid: uuid }, 'created named visitor');
    return repository.findOneByOrFail({ uuid });
  }
}
