import { formatDatetime } from '../../common/protocol/datetime';

/** One row of SERVICE_USERS_SQL. */
export interface ServiceUserRow {
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
  group_uuid: string | null;
  group_name: string | null;
  is_browser_online: boolean;
  is_mobile_online: boolean;
}

/**
 * Service users of app `$1` with presence and group, at most `$2`; `$3` true keeps only those in
 * no org group. Mobile means the AND and IOS device types; every other type counts as a browser.
 */
export const SERVICE_USERS_SQL = `
  SELECT u.uuid, u.user_icon, u.user_email, u.user_fullname, u.user_signature, u.updatetime, u.service_user_status,
         m.is_owner_user, m.is_service_user, m.is_distributor_user,
         g.uuid AS group_uuid, g.group_name,
         EXISTS (SELECT 1 FROM devices d
                  WHERE d.app_uuid = m.app_uuid AND d.user_uuid = u.uuid AND d.device_is_online
                    AND d.device_ostype NOT IN ('AND', 'IOS')) AS is_browser_online,
         EXISTS (SELECT 1 FROM devices d
                  WHERE d.app_uuid = m.app_uuid AND d.user_uuid = u.uuid AND d.device_is_online
                    AND d.device_ostype IN ('AND', 'IOS')) AS is_mobile_online
    FROM app_users m
    JOIN users u ON u.uuid = m.user_uuid AND u.removed_at IS NULL
    LEFT JOIN org_group_users gu ON gu.app_uuid = m.app_uuid AND gu.user_uuid = u.uuid
    LEFT JOIN org_groups g ON g.uuid = gu.group_uuid AND g.app_uuid = m.app_uuid
   WHERE m.app_uuid = $1 AND m.is_service_user
     AND (NOT $3::boolean OR gu.user_uuid IS NULL)
   ORDER BY u.user_fullname, u.uuid
   LIMIT $2`;

/** A service user's card, as PP_GET_APP_SERVICE_USER_LIST and PP_GET_NO_GROUP_USER_LIST return it. */
export function presentServiceUserCard(row: ServiceUserRow): Record<string, unknown> {
  return {
    uuid: row.uuid,
    user_icon: row.user_icon,
    user_email: row.user_email,
    user_fullname: row.user_fullname,
    user_signature: row.user_signature,
    updatetime: formatDatetime(row.updatetime),
    is_browser_online: row.is_browser_online,
    is_mobile_online: row.is_mobile_online,
    group: row.group_uuid ? { uuid: row.group_uuid, group_name: row.group_name } : null,
    is_owner_user: row.is_owner_user,
    is_service_user: row.is_service_user,
    is_distributor_user: row.is_distributor_user,
    service_user_status: row.service_user_status,
  };
}
