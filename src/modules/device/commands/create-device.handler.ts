import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { createLogger } from '../../../common/logging/logger';
import { UserDirectoryService } from '../../user/user-directory.service';
import { isMobileOstype } from '../device-ostype';
import { DeviceExistsError, DeviceMissingTerminalError, DeviceUserNotFoundError } from '../device.errors';
import { DeviceEntity } from '../entities/device.entity';
import { CreateDeviceCommand } from './create-device.command';

@CommandHandler(CreateDeviceCommand)
export class CreateDeviceHandler implements ICommandHandler<CreateDeviceCommand> {
  private readonly logger = createLogger(CreateDeviceHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserDirectoryService,
  ) {}

  async execute({ principal, input }: CreateDeviceCommand): Promise<{ device_uuid: string }> {
    const appUuid = principal.appUuid;
    const terminal = input.ppcom_trace_uuid || input.device_id;
    if (!terminal) {
      throw new DeviceMissingTerminalError();
    }
    const member = await this.users.findAppMember(appUuid, input.user_uuid);
    if (!member || !member.membership.is_portal_user) {
      throw new DeviceUserNotFoundError(appUuid, input.user_uuid, 'portal user');
    }
    assertActsAs(principal, input.user_uuid);
    const pointer = isMobileOstype(input.device_ostype) ? 'ppcom_mobile_device_uuid' : 'ppcom_browser_device_uuid';

    // The unique (app, terminal) index decides between concurrent creates; losers read the winner.
    const outcome = await this.dataSource.transaction(async (manager) => {
      const uuid = randomUUID();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(DeviceEntity)
        .values({ uuid, app_uuid: appUuid, user_uuid: input.user_uuid, terminal_uuid: terminal, device_ostype: input.device_ostype, is_ppcom_device: true })
        .orIgnore()
        .returning('uuid')
        .execute();
      if (inserted.raw.length > 0) {
        await this.users.pointDevice(manager, input.user_uuid, pointer, uuid);
        return { deviceUuid: uuid, created: true, ownedByCaller: true };
      }
      const existing = await manager.getRepository(DeviceEntity).findOneByOrFail({ app_uuid: appUuid, terminal_uuid: terminal });
      const ownedByCaller = existing.user_uuid === input.user_uuid;
      // Another visitor's device is never re-pointed, and the caller is not pointed at it.
      if (ownedByCaller) {
        await this.users.pointDevice(manager, input.user_uuid, pointer, existing.uuid);
      }
      return { deviceUuid: existing.uuid, created: false, ownedByCaller };
    });

    if (!outcome.created) {
      throw new DeviceExistsError(appUuid, outcome.deviceUuid, outcome.ownedByCaller);
    }
    this.logger.info({ app_uuid: appUuid, user_uuid: input.user_uuid, device_uuid: outcome.deviceUuid }, 'created ppcom device');
    return { device_uuid: outcome.deviceUuid };
  }
}
