import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppUserEntity } from './entities/app-user.entity';
import { UserEntity } from './entities/user.entity';
import { hashPassword } from './password-hasher';

export interface NewServiceUser {
  appUuid: string;
  email: string;
  fullname: string;
  passwordSha1: string | null;
  userStatus: string;
}

export interface Membership {
  isOwner: boolean;
  isService: boolean;
  isDistributor: boolean;
  isPortal: boolean;
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates agents and memberships inside a caller's transaction (bootstrap, app creation). */
@Injectable()
export class UserAccountService {
  async createServiceUser(manager: EntityManager, input: NewServiceUser): Promise<UserEntity> {
    const now = new Date();
    const user = manager.getRepository(UserEntity).create({
      uuid: randomUUID(),
      app_uuid: input.appUuid,
      user_type: 'SERVICE',
      user_name: input.email,
      user_email: input.email,
      email_key: emailKey(input.email),
      password_hash: input.passwordSha1 ? await hashPassword(input.passwordSha1) : null,
      user_status: input.userStatus,
      user_fullname: input.fullname,
      is_anonymous_user: false,
      service_user_status: 'READY',
      createtime: now,
      updatetime: now,
    });
    await manager.getRepository(UserEntity).insert(user);
    return user;
  }

  async addMembership(manager: EntityManager, appUuid: string, userUuid: string, roles: Membership): Promise<void> {
    await manager.getRepository(AppUserEntity).insert({
      app_uuid: appUuid,
      user_uuid: userUuid,
      is_owner_user: roles.isOwner,
      is_service_user: roles.isService,
      is_distributor_user: roles.isDistributor,
      is_portal_user: roles.isPortal,
    });
  }
}
