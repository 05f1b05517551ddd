import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { LoginUser, VerifyLoginQuery } from '../../auth/queries/verify-login.query';
import { AppUserEntity } from '../entities/app-user.entity';
import { UserEntity } from '../entities/user.entity';
import { verifyPassword } from '../password-hasher';
import { emailKey } from '../user-account.service';

/** A login succeeds for an agent (service user or owner) of the key's app with the right password. */
@QueryHandler(VerifyLoginQuery)
export class VerifyLoginHandler implements IQueryHandler<VerifyLoginQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: VerifyLoginQuery): Promise<LoginUser | null> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({
      where: { email_key: emailKey(query.email), user_type: 'SERVICE', removed_at: IsNull() },
    });
    if (!user || !(await verifyPassword(user.password_hash, query.passwordSha1))) {
      return null;
    }
    const membership = await this.dataSource.getRepository(AppUserEntity).findOne({
      where: { app_uuid: query.appUuid, user_uuid: user.uuid },
    });
    if (!membership || !(membership.is_service_user || membership.is_owner_user)) {
      return null;
    }
    return { userUuid: user.uuid };
  }
}
