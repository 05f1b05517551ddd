import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppUserEntity } from './entities/app-user.entity';
import { UserEntity } from './entities/user.entity';

/** A user who is not removed, with their membership of one app. */
export interface AppMember {
  user: UserEntity;
  membership: AppUserEntity;
}

/** Which of a user's current-device pointers a device fills. */
export type DevicePointer = 'mobile_device_uuid' | 'browser_device_uuid' | 'ppcom_mobile_device_uuid' | 'ppcom_browser_device_uuid';

/** Reads and writes of users that other modules (devices) need, so they never touch the user tables. */
@Injectable()
export class UserDirectoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user and their membership of `appUuid`; null when removed, unknown or not a member. */
  async findAppMember(appUuid: string, userUuid: string, manager: EntityManager = this.dataSource.manager): Promise<AppMember | null> {
    const membership = await manager.getRepository(AppUserEntity).findOne({ where: { app_uuid: appUuid, user_uuid: userUuid } });
    if (!membership) {
      return null;
    }
    const user = await manager.getRepository(UserEntity).findOne({ where: { uuid: userUuid } });
    if (!user || user.removed_at) {
      return null;
    }
    return { user, membership };
  }

  /** Locks the user's row until the transaction ends and returns it, so device switches serialise. */
  async lockUser(manager: EntityManager, userUuid: string): Promise<UserEntity | null> {
    return manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.uuid = :userUuid AND u.removed_at IS NULL', { userUuid })
      .getOne();
  }

  async pointDevice(manager: EntityManager, userUuid: string, pointer: DevicePointer, deviceUuid: string): Promise<void> {
    await manager.getRepository(UserEntity).update({ uuid: userUuid }, { [pointer]: deviceUuid, updatetime: () => 'now()' });
  }

  async setServiceUserStatus(manager: EntityManager, userUuid: string, status: string): Promise<void> {
    await manager.getRepository(UserEntity).update({ uuid: userUuid }, { service_user_status: status, updatetime: () => 'now()' });
  }
}
