import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returningRows } from '../../../common/database/transaction';
import { createLogger } from '../../../common/logging/logger';
import { deliveryOwner } from '../delivery-access';
import { AckMessagesCommand } from './ack-messages.command';

/** Marks deliveries acknowledged. Unknown, already acknowledged and other users' pids are skipped. */
@CommandHandler(AckMessagesCommand)
export class AckMessagesHandler implements ICommandHandler<AckMessagesCommand> {
  private readonly logger = createLogger(AckMessagesHandler.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, pids }: AckMessagesCommand): Promise<Record<string, never>> {
    const owner = deliveryOwner(principal);
    const unique = [...new Set(pids.map((pid) => pid.toLowerCase()))];
    if (owner === undefined || unique.length === 0) {
      return {};
    }
    const acked = returningRows<{ uuid: string }>(
      await this.dataSource.query(
        `UPDATE deliveries SET acked_at = now()
          WHERE uuid = ANY($1::uuid[]) AND app_uuid = $2 AND acked_at IS NULL AND ($3::uuid IS NULL OR user_uuid = $3)
        RETURNING uuid`,
        [unique, principal.appUuid, owner],
      ),
    );
    this.logger.info({ app_uuid: principal.appUuid, requested: unique.length, acked: acked.length }, 'acknowledged deliveries');
    return {};
  }
}
