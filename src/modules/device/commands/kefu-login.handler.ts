import { randomUUID } from 'node:crypto';
import { CommandHandler, EventBus, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { createLogger } from '../../../common/logging/logger';
import { ServiceUserReadyEvent } from '../../user/events/service-user-ready.event';
import { GetUserInfoQuery } from '../../user/queries/get-user-info.query';
import { UserDirectoryService } from '../../user/user-directory.service';
import { isMobileOstype } from '../device-ostype';
import { DeviceExistsError, DeviceUserNotFoundError } from '../device.errors';
import { DeviceEntity } from '../entities/device.entity';
import { AgentDeviceReplacedEvent } from '../events/agent-device-replaced.event';
import { KefuLoginDto } from '../dto/kefu-login.dto';
import { KefuLoginCommand } from './kefu-login.command';

@CommandHandler(KefuLoginCommand)
export class KefuLoginHandler implements ICommandHandler<KefuLoginCommand> {
  private readonly logger = createLogger(KefuLoginHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserDirectoryService,
    private readonly queryBus: QueryBus,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ principal, input }: KefuLoginCommand): Promise<Record<string, unknown>> {
    const appUuid = principal.appUuid;
    assertActsAs(principal, input.user_uuid);
    const member = await this.users.findAppMember(appUuid, input.user_uuid);
    if (!member || !member.membership.is_service_user) {
      throw new DeviceUserNotFoundError(appUuid, input.user_uuid, 'service user');
    }

    const { deviceUuid, replacedUuid } = await this.dataSource.transaction((manager) => this.login(manager, appUuid, input));
    this.logger.info({ app_uuid: appUuid, user_uuid: input.user_uuid, device_uuid: deviceUuid, replaced_device_uuid: replacedUuid }, 'agent logged in');
    // After the commit: the older device is forced out (SYS/LOGOUT), and a READY agent may take waiting visitors.
    if (replacedUuid) {
      this.eventBus.publish(new AgentDeviceReplacedEvent(appUuid, input.user_uuid, replacedUuid, deviceUuid));
    }
    if ((input.service_user_status ?? 'READY') === 'READY') {
      this.eventBus.publish(new ServiceUserReadyEvent(appUuid, input.user_uuid));
    }

    const info = await this.queryBus.execute(new GetUserInfoQuery(principal, input.user_uuid));
    return { ...info, device_uuid: deviceUuid };
  }

  private async login(manager: EntityManager, appUuid: string, input: KefuLoginDto): Promise<{ deviceUuid: string; replacedUuid: string | null }> {
    // Locking the user row serialises concurrent logins of one agent, so one device of a kind wins.
    const user = await this.users.lockUser(manager, input.user_uuid);
    if (!user) {
      throw new DeviceUserNotFoundError(appUuid, input.user_uuid, 'service user');
    }
    const deviceUuid = await this.registerDevice(manager, appUuid, input);
    const pointer = isMobileOstype(input.device_ostype) ? 'mobile_device_uuid' : 'browser_device_uuid';
    const previous = user[pointer];
    let replacedUuid: string | null = null;
    if (previous && previous !== deviceUuid) {
      const result = await manager.getRepository(DeviceEntity).update({ uuid: previous, app_uuid: appUuid }, { device_is_online: false, updatetime: () => 'now()' });
      replacedUuid = result.affected ? previous : null;
    }
    await this.users.pointDevice(manager, input.user_uuid, pointer, deviceUuid);
    await this.users.setServiceUserStatus(manager, input.user_uuid, input.service_user_status ?? 'READY');
    return { deviceUuid, replacedUuid };
  }

  /** Inserts the terminal's device or reuses the agent's own; another user's device there is 25. */
  private async registerDevice(manager: EntityManager, appUuid: string, input: KefuLoginDto): Promise<string> {
    const rows: { uuid: string }[] = await manager.query(
      `INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype, device_fullname, device_is_online, online_seen_at, is_ppcom_device)
       VALUES ($1, $2, $3, $4, $5, $6, true, now(), false)
       ON CONFLICT (app_uuid, terminal_uuid) DO UPDATE
          SET device_is_online = true, online_seen_at = now(), device_ostype = EXCLUDED.device_ostype,
              device_fullname = COALESCE(EXCLUDED.device_fullname, devices.device_fullname), updatetime = now()
        WHERE devices.user_uuid = EXCLUDED.user_uuid
       RETURNING uuid`,
      [randomUUID(), appUuid, input.user_uuid, input.device_id, input.device_ostype, input.device_fullname ?? null],
    );
    if (rows.length > 0) {
      return rows[0].uuid;
    }
    const existing = await manager.getRepository(DeviceEntity).findOneByOrFail({ app_uuid: appUuid, terminal_uuid: input.device_id });
    throw new DeviceExistsError(appUuid, existing.uuid, false);
  }
}
