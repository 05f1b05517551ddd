import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { compactBody, MessageRow } from '../../conversation/message-rows';
import { UnackedDeviceNotFoundError } from '../realtime.errors';
import { GetUnackedMessagesQuery, UnackedMessages } from './get-unacked-messages.query';

/** At most this many deliveries per call; the client acknowledges them and asks again. */
export const UNACKED_PAGE_SIZE = 200;

/**
 * A device's unacknowledged deliveries, oldest first within each conversation (conversations in
 * uuid order), the order of the partial index that serves the query.
 */
@QueryHandler(GetUnackedMessagesQuery)
export class GetUnackedMessagesHandler implements IQueryHandler<GetUnackedMessagesQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, input }: GetUnackedMessagesQuery): Promise<UnackedMessages> {
    assertActsAs(principal, input.from_uuid);
    const devices: { user_uuid: string }[] = await this.dataSource.query(`SELECT user_uuid FROM devices WHERE uuid = $1 AND app_uuid = $2`, [input.device_uuid, principal.appUuid]);
    if (devices.length === 0 || devices[0].user_uuid !== input.from_uuid) {
      throw new UnackedDeviceNotFoundError(input.device_uuid, devices.length === 0 ? 'not in the app' : `not a device of user ${input.from_uuid}`);
    }
    const rows: (MessageRow & { pid: string })[] = await this.dataSource.query(
      `SELECT d.uuid AS pid, m.*
         FROM deliveries d JOIN messages m ON m.uuid = d.message_uuid
        WHERE d.device_uuid = $1 AND d.app_uuid = $2 AND d.acked_at IS NULL
        ORDER BY d.conversation_uuid, d.seq
        LIMIT $3`,
      [input.device_uuid, principal.appUuid, UNACKED_PAGE_SIZE],
    );
    const message: Record<string, string> = {};
    for (const row of rows) {
      message[row.pid] = JSON.stringify(compactBody(row));
    }
    return { size: rows.length, list: rows.map((row) => row.pid), message };
  }
}
