import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetQueueLengthQuery } from './get-queue-length.query';

/**
 * Every waiting entry of the app, the caller's own included, as the original answered (the
 * length of the app's queue), not the number ahead of the caller.
 */
@QueryHandler(GetQueueLengthQuery)
export class GetQueueLengthHandler implements IQueryHandler<GetQueueLengthQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ appUuid }: GetQueueLengthQuery): Promise<{ length: number }> {
    const rows: { length: number }[] = await this.dataSource.query(`SELECT count(*)::int AS length FROM waiting_visitors WHERE app_uuid = $1`, [appUuid]);
    return { length: rows[0].length };
  }
}
