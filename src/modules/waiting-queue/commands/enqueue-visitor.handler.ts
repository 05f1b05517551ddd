import { randomUUID } from 'node:crypto';
import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createLogger } from '../../../common/logging/logger';
import { OutboxService } from '../../outbox/outbox.service';
import { VisitorQueuedEvent } from '../events/visitor-queued.event';
import { EnqueueVisitorCommand } from './enqueue-visitor.command';

@CommandHandler(EnqueueVisitorCommand)
export class EnqueueVisitorHandler implements ICommandHandler<EnqueueVisitorCommand> {
  private readonly logger = createLogger(EnqueueVisitorHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ appUuid, userUuid, deviceUuid, groupUuid }: EnqueueVisitorCommand): Promise<void> {
    const event = new VisitorQueuedEvent(appUuid, userUuid, deviceUuid, groupUuid);
    const entry = await this.dataSource.transaction(async (manager) => {
      // One entry per visitor, also under concurrent clicks; a repeated request keeps the visitor's place.
      const rows: { uuid: string; inserted: boolean }[] = await manager.query(
        `INSERT INTO waiting_visitors (uuid, app_uuid, user_uuid, device_uuid, group_uuid)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_uuid, user_uuid) DO UPDATE SET device_uuid = EXCLUDED.device_uuid, group_uuid = EXCLUDED.group_uuid
         RETURNING uuid, (xmax = 0) AS inserted`,
        [randomUUID(), appUuid, userUuid, deviceUuid, groupUuid],
      );
      await this.outbox.record(manager, [event]);
      return rows[0];
    });
    this.logger.info({ app_uuid: appUuid, user_uuid: userUuid, device_uuid: deviceUuid, group_uuid: groupUuid, entry_uuid: entry.uuid, new_entry: entry.inserted }, 'visitor waits for an agent');
    this.eventBus.publish(event);
  }
}
