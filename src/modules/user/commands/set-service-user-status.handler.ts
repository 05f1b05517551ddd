import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { createLogger } from '../../../common/logging/logger';
import { ServiceUserReadyEvent } from '../events/service-user-ready.event';
import { UserDirectoryService } from '../user-directory.service';
import { UserNotFoundError } from '../user.errors';
import { SetServiceUserStatusCommand } from './set-service-user-status.command';

@CommandHandler(SetServiceUserStatusCommand)
export class SetServiceUserStatusHandler implements ICommandHandler<SetServiceUserStatusCommand> {
  private readonly logger = createLogger(SetServiceUserStatusHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: UserDirectoryService,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ principal, userUuid, status }: SetServiceUserStatusCommand): Promise<Record<string, never>> {
    assertActsAs(principal, userUuid);
    const member = await this.directory.findAppMember(principal.appUuid, userUuid);
    if (!member || !member.membership.is_service_user) {
      throw new UserNotFoundError(principal.appUuid, userUuid);
    }
    await this.directory.setServiceUserStatus(this.dataSource.manager, userUuid, status);
    this.logger.info({ app_uuid: principal.appUuid, user_uuid: userUuid, service_user_status: status }, 'set service user status');
    if (status === 'READY') {
      this.eventBus.publish(new ServiceUserReadyEvent(principal.appUuid, userUuid));
    }
    return {};
  }
}
