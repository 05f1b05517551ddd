import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiLevel } from '../../../common/auth/api-level';
import { Principal } from '../../../common/auth/principal';
import { AppUserEntity } from '../entities/app-user.entity';
import { UserEntity } from '../entities/user.entity';
import { presentUserInfo } from '../user-info.presenter';
import { NotAppUserError, UserNotFoundError, UserPermissionError } from '../user.errors';
import { GetUserInfoQuery } from './get-user-info.query';

/**
 * Whom a token may read: a visitor reads itself and the app's service users; an agent (PPKEFU)
 * reads itself, the app's service users and the app's visitors; other levels read any member.
 */
function mayRead(principal: Principal, userUuid: string, membership: AppUserEntity): boolean {
  if (principal.userUuid === userUuid) {
    return true;
  }
  if (principal.level === ApiLevel.PPCOM) {
    return membership.is_service_user;
  }
  if (principal.level === ApiLevel.PPKEFU) {
    return membership.is_service_user || membership.is_portal_user;
  }
  return true;
}

@QueryHandler(GetUserInfoQuery)
export class GetUserInfoHandler implements IQueryHandler<GetUserInfoQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, userUuid }: GetUserInfoQuery): Promise<Record<string, unknown>> {
    const appUuid = principal.appUuid;
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { uuid: userUuid } });
    if (!user || user.removed_at) {
      throw new UserNotFoundError(appUuid, userUuid);
    }
    const membership = await this.dataSource.getRepository(AppUserEntity).findOne({ where: { app_uuid: appUuid, user_uuid: userUuid } });
    if (!membership) {
      // A user created in this app who lost the membership is 40; another app's user is not found.
      if (user.app_uuid === appUuid) {
        throw new NotAppUserError(appUuid, userUuid);
      }
      throw new UserNotFoundError(appUuid, userUuid);
    }
    if (!mayRead(principal, userUuid, membership)) {
      throw new UserPermissionError(`token ${principal.tokenUuid} (${principal.level}) may not read user ${userUuid}`);
    }
    return presentUserInfo(user, membership);
  }
}
