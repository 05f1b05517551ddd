import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatDatetime } from '../../../common/protocol/datetime';
import { OrgGroupEntity } from '../entities/org-group.entity';
import { decodeMemberCursor, encodeMemberCursor } from '../member-cursor';
import { OrgGroupNotFoundError } from '../org-group.errors';
import { ListOrgGroupUsersQuery, OrgGroupUserPage } from './list-org-group-users.query';

export const DEFAULT_MEMBER_PAGE_SIZE = 50;
export const MAX_MEMBER_PAGE_SIZE = 200;

interface MemberRow {
  uuid: string;
  user_icon: string | null;
  user_email: string | null;
  user_fullname: string | null;
  user_signature: string | null;
  updatetime: Date;
  service_user_status: string | null;
  is_owner_user: boolean;
  is_service_user: boolean;
  is_distributor_user: boolean;
  is_mobile_online: boolean;
  is_browser_online: boolean;
  member_since: string;
}

/**
 * Members joined with their user rows, app roles and online devices (AND/IOS devices count as
 * mobile, every other ostype as browser). Keyset order (membership createtime, user_uuid)
 * follows the index ix_org_group_users_group. The cursor's time is UTC text with microseconds,
 * because a JavaScript Date would drop the microseconds and repeat or skip rows.
 */
const MEMBER_PAGE_SQL = `
  SELECT u.uuid, u.user_icon, u.user_email, u.user_fullname, u.user_signature, u.updatetime, u.service_user_status,
         COALESCE(au.is_owner_user, false) AS is_owner_user,
         COALESCE(au.is_service_user, false) AS is_service_user,
         COALESCE(au.is_distributor_user, false) AS is_distributor_user,
         EXISTS (SELECT 1 FROM devices d
                  WHERE d.app_uuid = m.app_uuid AND d.user_uuid = m.user_uuid AND d.device_is_online
                    AND d.device_ostype IN ('AND', 'IOS')) AS is_mobile_online,
         EXISTS (SELECT 1 FROM devices d
                  WHERE d.app_uuid = m.app_uuid AND d.user_uuid = m.user_uuid AND d.device_is_online
                    AND d.device_ostype NOT IN ('AND', 'IOS')) AS is_browser_online,
         to_char(m.createtime AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS member_since
    FROM org_group_users m
    JOIN users u ON u.uuid = m.user_uuid
    LEFT JOIN app_users au ON au.app_uuid = m.app_uuid AND au.user_uuid = m.user_uuid
   WHERE m.app_uuid = $1 AND m.group_uuid = $2
     AND ($3::timestamp IS NULL OR (m.createtime, m.user_uuid) > ($3::timestamp AT TIME ZONE 'UTC', $4::uuid))
   ORDER BY m.createtime, m.user_uuid
   LIMIT $5`;

@QueryHandler(ListOrgGroupUsersQuery)
export class ListOrgGroupUsersHandler implements IQueryHandler<ListOrgGroupUsersQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ appUuid, groupUuid, pageSize, cursor }: ListOrgGroupUsersQuery): Promise<OrgGroupUserPage> {
    const after = cursor ? decodeMemberCursor(cursor) : null;
    const size = Math.min(pageSize ?? DEFAULT_MEMBER_PAGE_SIZE, MAX_MEMBER_PAGE_SIZE);
    const group = await this.dataSource.getRepository(OrgGroupEntity).findOneBy({ uuid: groupUuid, app_uuid: appUuid });
    if (!group) {
      throw new OrgGroupNotFoundError(appUuid, groupUuid);
    }

    // Fetching one extra row shows whether another page follows.
    const rows: MemberRow[] = await this.dataSource.query(MEMBER_PAGE_SQL, [
      appUuid,
      groupUuid,
      after?.memberSince ?? null,
      after?.userUuid ?? null,
      size + 1,
    ]);
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    return {
      list: page.map((row) => ({
        uuid: row.uuid,
        user_icon: row.user_icon,
        user_email: row.user_email,
        user_fullname: row.user_fullname,
        user_signature: row.user_signature,
        updatetime: formatDatetime(row.updatetime),
        is_browser_online: row.is_browser_online,
        is_mobile_online: row.is_mobile_online,
        group: { uuid: group.uuid, group_name: group.group_name },
        is_owner_user: row.is_owner_user,
        is_service_user: row.is_service_user,
        is_distributor_user: row.is_distributor_user,
        service_user_status: row.service_user_status,
      })),
      next_cursor: rows.length > size ? encodeMemberCursor({ memberSince: last.member_since, userUuid: last.uuid }) : null,
    };
  }
}
