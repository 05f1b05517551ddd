import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { compactBody, MessageRow } from '../../conversation/message-rows';
import { deliveryOwner } from '../delivery-access';
import { DeliveryNotFoundError } from '../realtime.errors';
import { GetUnackedMessageQuery, UnackedMessage } from './get-unacked-message.query';

/** One unacknowledged delivery by `pid`; another user's, another app's or an acknowledged one is 12. */
@QueryHandler(GetUnackedMessageQuery)
export class GetUnackedMessageHandler implements IQueryHandler<GetUnackedMessageQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, pid }: GetUnackedMessageQuery): Promise<UnackedMessage> {
    const owner = deliveryOwner(principal);
    if (owner === undefined) {
      throw new DeliveryNotFoundError(pid, 'token acts for no user');
    }
    const rows: MessageRow[] = await this.dataSource.query(
      `SELECT m.*
         FROM deliveries d JOIN messages m ON m.uuid = d.message_uuid
        WHERE d.uuid = $1 AND d.app_uuid = $2 AND d.acked_at IS NULL AND ($3::uuid IS NULL OR d.user_uuid = $3)`,
      [pid, principal.appUuid, owner],
    );
    if (rows.length === 0) {
      throw new DeliveryNotFoundError(pid, 'not found, acknowledged or not the caller\'s');
    }
    return { uuid: pid, message: JSON.stringify(compactBody(rows[0])) };
  }
}
