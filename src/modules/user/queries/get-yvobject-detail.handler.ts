import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatDatetime } from '../../../common/protocol/datetime';
import { GetOrgGroupDetailQuery } from '../../org-group/queries/get-org-group-detail.query';
import { UserNotFoundError } from '../user.errors';
import { GetYvobjectDetailQuery } from './get-yvobject-detail.query';

interface UserCardRow {
  uuid: string;
  user_name: string | null;
  user_email: string | null;
  user_fullname: string | null;
  user_icon: string | null;
  user_signature: string | null;
  user_status: string | null;
  updatetime: Date;
  createtime: Date;
}

/**
 * GET_YVOBJECT_DETAIL, which the widget calls for a sender's name and avatar. A user is shown
 * only when it is a live member of the token's app, and only its public fields. The org-group
 * module returns a group.
 */
@QueryHandler(GetYvobjectDetailQuery)
export class GetYvobjectDetailHandler implements IQueryHandler<GetYvobjectDetailQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queryBus: QueryBus,
  ) {}

  async execute({ appUuid, uuid, type }: GetYvobjectDetailQuery): Promise<Record<string, unknown>> {
    if (type === 'OG') {
      return this.queryBus.execute(new GetOrgGroupDetailQuery(appUuid, uuid));
    }
    const rows: UserCardRow[] = await this.dataSource.query(
      `SELECT u.uuid, u.user_name, u.user_email, u.user_fullname, u.user_icon, u.user_signature, u.user_status, u.updatetime, u.createtime
         FROM users u JOIN app_users a ON a.user_uuid = u.uuid AND a.app_uuid = $1
        WHERE u.uuid = $2 AND u.removed_at IS NULL`,
      [appUuid, uuid],
    );
    const user = rows[0];
    if (!user) {
      throw new UserNotFoundError(appUuid, uuid);
    }
    return {
      uuid: user.uuid,
      user_name: user.user_name,
      user_email: user.user_email,
      user_fullname: user.user_fullname,
      user_icon: user.user_icon,
      user_signature: user.user_signature,
      user_status: user.user_status,
      updatetime: formatDatetime(user.updatetime),
      createtime: formatDatetime(user.createtime),
    };
  }
}
