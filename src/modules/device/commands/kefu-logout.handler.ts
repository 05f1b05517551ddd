import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { createLogger } from '../../../common/logging/logger';
import { DeviceNotFoundError } from '../device.errors';
import { DeviceEntity } from '../entities/device.entity';
import { AgentLoggedOutEvent } from '../events/agent-logged-out.event';
import { KefuLogoutCommand } from './kefu-logout.command';

@CommandHandler(KefuLogoutCommand)
export class KefuLogoutHandler implements ICommandHandler<KefuLogoutCommand> {
  private readonly logger = createLogger(KefuLogoutHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ principal, userUuid, deviceUuid }: KefuLogoutCommand): Promise<Record<string, never>> {
    const appUuid = principal.appUuid;
    assertActsAs(principal, userUuid);
    const result = await this.dataSource
      .getRepository(DeviceEntity)
      .update({ uuid: deviceUuid, app_uuid: appUuid, user_uuid: userUuid }, { device_is_online: false, updatetime: () => 'now()' });
    if (!result.affected) {
      throw new DeviceNotFoundError(appUuid, deviceUuid);
    }
    this.logger.info({ app_uuid: appUuid, user_uuid: userUuid, device_uuid: deviceUuid }, 'agent logged out');
    // The real-time module closes the device's sockets on every node.
    this.eventBus.publish(new AgentLoggedOutEvent(appUuid, userUuid, deviceUuid));
    return {};
  }
}
