import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { mayActAs } from '../../../common/auth/acting-as';
import { createLogger } from '../../../common/logging/logger';
import { DeviceNotFoundError, DevicePermissionError, NothingToUpdateError } from '../device.errors';
import { DeviceEntity } from '../entities/device.entity';
import { UpdateDeviceCommand } from './update-device.command';

/** Request fields that map one to one onto `devices` columns. */
const UPDATABLE_FIELDS = [
  'device_fullname',
  'device_phonenumber',
  'device_ostype',
  'device_osversion',
  'device_android_apilevel',
  'device_android_gcmtoken',
  'device_android_gcmpush',
  'device_ios_model',
  'device_ios_token',
  'device_is_online',
  'is_development',
] as const;

@CommandHandler(UpdateDeviceCommand)
export class UpdateDeviceHandler implements ICommandHandler<UpdateDeviceCommand> {
  private readonly logger = createLogger(UpdateDeviceHandler.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, changes }: UpdateDeviceCommand): Promise<Record<string, never>> {
    const appUuid = principal.appUuid;
    const repository = this.dataSource.getRepository(DeviceEntity);
    const device = await repository.findOne({ where: { uuid: changes.device_uuid, app_uuid: appUuid } });
    if (!device) {
      throw new DeviceNotFoundError(appUuid, changes.device_uuid);
    }
    if (!mayActAs(principal, device.user_uuid)) {
      throw new DevicePermissionError(`token ${principal.tokenUuid} (${principal.level}) may not update device ${device.uuid} of user ${device.user_uuid}`);
    }

    const patch: Record<string, unknown> = {};
    for (const field of UPDATABLE_FIELDS) {
      const value = changes[field];
      if (value !== undefined && value !== null) {
        patch[field] = value;
      }
    }
    const changed = Object.keys(patch);
    if (changed.length === 0) {
      throw new NothingToUpdateError(device.uuid);
    }
    if (patch.device_is_online === true) {
      patch.online_seen_at = () => 'now()';
    }
    await repository.update({ uuid: device.uuid }, { ...(patch as QueryDeepPartialEntity<DeviceEntity>), updatetime: () => 'now()' });
    this.logger.info({ app_uuid: appUuid, device_uuid: device.uuid, fields: changed }, 'updated device');
    return {};
  }
}
