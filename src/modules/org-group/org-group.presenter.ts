import { formatDatetime } from '../../common/protocol/datetime';
import { OrgGroupEntity } from './entities/org-group.entity';

/**
 * The group's wire fields, typed (booleans, integers, null for unset). `conversation_uuid` is
 * always null because no per-group conversation exists yet.
 */
export function presentOrgGroup(group: OrgGroupEntity): Record<string, unknown> {
  return {
    uuid: group.uuid,
    app_uuid: group.app_uuid,
    group_name: group.group_name,
    group_desc: group.group_desc,
    group_icon: group.group_icon,
    is_root: group.is_root,
    is_distributor: group.is_distributor,
    group_route_algorithm: group.group_route_algorithm,
    group_work_time_str: group.group_work_time_str,
    group_visible_for_ppcom: group.group_visible_for_ppcom,
    group_visible_order_for_ppcom: group.group_visible_order_for_ppcom,
    user_count: group.user_count,
    conversation_uuid: null,
    createtime: formatDatetime(group.createtime),
    updatetime: formatDatetime(group.updatetime),
  };
}
