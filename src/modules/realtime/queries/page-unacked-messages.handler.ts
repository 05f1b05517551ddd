import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { compactBody, MessageRow } from '../../conversation/message-rows';
import { UnackedDeviceNotFoundError } from '../realtime.errors';
import { PageUnackedMessagesQuery, UnackedPage } from './page-unacked-messages.query';

const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 100;

/**
 * The paged form of GET_UNACKED_MESSAGES: newest deliveries first, each item
 * the compact body plus `pid`, as a pushed MSG frame carries it. Reading acknowledges nothing.
 */
@QueryHandler(PageUnackedMessagesQuery)
export class PageUnackedMessagesHandler implements IQueryHandler<PageUnackedMessagesQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, input }: PageUnackedMessagesQuery): Promise<UnackedPage> {
    assertActsAs(principal, input.user_uuid);
    const devices: { user_uuid: string }[] = await this.dataSource.query(`SELECT user_uuid FROM devices WHERE uuid = $1 AND app_uuid = $2`, [input.device_uuid, principal.appUuid]);
    if (devices.length === 0 || devices[0].user_uuid !== input.user_uuid) {
      throw new UnackedDeviceNotFoundError(input.device_uuid, devices.length === 0 ? 'not in the app' : `not a device of user ${input.user_uuid}`);
    }
    const pageSize = Math.min(input.page_size ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const pageOffset = input.page_offset ?? 0;
    const [{ count }]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM deliveries WHERE device_uuid = $1 AND app_uuid = $2 AND acked_at IS NULL`,
      [input.device_uuid, principal.appUuid],
    );
    const rows: (MessageRow & { pid: string })[] =
      count > pageOffset * pageSize
        ? await this.dataSource.query(
            `SELECT d.uuid AS pid, m.*
               FROM deliveries d JOIN messages m ON m.uuid = d.message_uuid
              WHERE d.device_uuid = $1 AND d.app_uuid = $2 AND d.acked_at IS NULL
              ORDER BY m.createtime DESC, d.seq DESC, d.uuid
              LIMIT $3 OFFSET $4`,
            [input.device_uuid, principal.appUuid, pageSize, pageOffset * pageSize],
          )
        : [];
    return {
      total_count: count,
      return_count: rows.length,
      page_offset: pageOffset,
      page_size: pageSize,
      list: rows.map((row) => ({ ...compactBody(row), pid: row.pid })),
    };
  }
}
