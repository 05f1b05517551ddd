import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { returningRows } from '../../../common/database/transaction';
import { createLogger } from '../../../common/logging/logger';
import { WaitingDeviceNotFoundError } from '../waiting-queue.errors';
import { CancelWaitingCommand } from './cancel-waiting.command';

/**
 * Deletes the visitor's entry. A visitor that does not wait (never queued, already assigned or
 * already cancelled) gets a success too: the widget calls this whenever its waiting panel
 * closes, and there is nothing left to undo.
 */
@CommandHandler(CancelWaitingCommand)
export class CancelWaitingHandler implements ICommandHandler<CancelWaitingCommand> {
  private readonly logger = createLogger(CancelWaitingHandler.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, input }: CancelWaitingCommand): Promise<Record<string, never>> {
    assertActsAs(principal, input.user_uuid);
    const appUuid = principal.appUuid;
    const devices = await this.dataSource.query(`SELECT 1 FROM devices WHERE uuid = $1 AND app_uuid = $2 AND user_uuid = $3`, [input.device_uuid, appUuid, input.user_uuid]);
    if (devices.length === 0) {
      throw new WaitingDeviceNotFoundError(input.device_uuid, input.user_uuid);
    }
    const removed = returningRows<{ uuid: string }>(
      await this.dataSource.query(`DELETE FROM waiting_visitors WHERE app_uuid = $1 AND user_uuid = $2 RETURNING uuid`, [appUuid, input.user_uuid]),
    );
    this.logger.info({ app_uuid: appUuid, user_uuid: input.user_uuid, device_uuid: input.device_uuid, removed: removed.length }, 'visitor cancelled waiting');
    return {};
  }
}
