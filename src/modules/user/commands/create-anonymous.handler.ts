import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { createLogger } from '../../../common/logging/logger';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { TokenService } from '../../auth/token.service';
import { areaUserName } from '../client-address';
import { UserEntity } from '../entities/user.entity';
import { UserPermissionError } from '../user.errors';
import { emailKey, UserAccountService } from '../user-account.service';
import { AnonymousUser, CreateAnonymousCommand } from './create-anonymous.command';

/**
 * Generated emails (6 hex chars of the user uuid @ 6 of the app uuid) can collide within an app;
 * a collision is retried with a fresh uuid this many times.
 */
const MAX_EMAIL_ATTEMPTS = 5;

@CommandHandler(CreateAnonymousCommand)
export class CreateAnonymousHandler implements ICommandHandler<CreateAnonymousCommand> {
  private readonly logger = createLogger(CreateAnonymousHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: UserAccountService,
    private readonly tokens: TokenService,
  ) {}

  async execute({ principal, traceUuid, clientAddress }: CreateAnonymousCommand): Promise<AnonymousUser> {
    const appUuid = principal.appUuid;
    const user = await this.dataSource.transaction((manager) => this.findOrCreate(manager, appUuid, traceUuid, clientAddress));

    const boundTo = await this.tokens.bindUser(principal.tokenUuid, user.uuid);
    if (boundTo !== user.uuid) {
      throw new UserPermissionError(`PPCOM token ${principal.tokenUuid} is bound to another visitor than ${user.uuid}`);
    }
    return {
      user_uuid: user.uuid,
      user_email: user.user_email,
      user_fullname: user.user_fullname,
      user_name: user.user_name,
      user_icon: user.user_icon,
      user_status: user.user_status,
    };
  }

  /**
   * Inserts with ON CONFLICT DO NOTHING over every unique index: a concurrent call with the same
   * trace id waits for the first insert to commit and then reads that row, so one browser gets
   * one visitor however many calls race.
   */
  private async findOrCreate(manager: EntityManager, appUuid: string, traceUuid: string, clientAddress: string): Promise<UserEntity> {
    const name = areaUserName(clientAddress);
    for (let attempt = 0; attempt < MAX_EMAIL_ATTEMPTS; attempt++) {
      const uuid = randomUUID();
      const email = `${uuid.slice(0, 6)}@${appUuid.slice(0, 6)}`;
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(UserEntity)
        .values({
          uuid,
          app_uuid: appUuid,
          user_type: 'PORTAL',
          user_name: name,
          user_fullname: name,
          user_email: email,
          email_key: emailKey(email),
          user_status: 'ANONYMOUS',
          user_icon: `${this.config.publicUrl}/identicon/${uuid}.png`,
          is_anonymous_user: true,
          ppcom_trace_uuid: traceUuid,
        })
        .orIgnore()
        .returning('uuid')
        .execute();
      if (inserted.raw.length > 0) {
        await this.accounts.addMembership(manager, appUuid, uuid, { isOwner: false, isService: false, isDistributor: false, isPortal: true });
        this.logger.info({ app_uuid: appUuid, user_uuid: uuid }, 'created anonymous visitor');
        return manager.getRepository(UserEntity).findOneByOrFail({ uuid });
      }
      const existing = await manager.getRepository(UserEntity).findOne({ where: { app_uuid: appUuid, ppcom_trace_uuid: traceUuid } });
      if (existing) {
        return existing;
      }
      this.logger.warn({ app_uuid: appUuid, attempt }, 'generated visitor email already taken; retrying with a new uuid');
    }
    throw new Error(`could not generate a free visitor email in app ${appUuid} after ${MAX_EMAIL_ATTEMPTS} attempts`);
  }
}
