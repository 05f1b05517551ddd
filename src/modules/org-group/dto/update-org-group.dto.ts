import { Matches } from 'class-validator';
import { LIMITS, OptionalBoolean, OptionalString, RequiredUuid } from '../../../common/validation/protocol-validators';
import { OptionalOrder, OrgGroupFields } from './org-group-fields';

/** Every group field is optional; an absent or null field keeps its stored value. */
export class UpdateOrgGroupDto implements OrgGroupFields {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  group_uuid: string;

  @OptionalString(LIMITS.name)
  @Matches(/\S/)
  group_name?: string | null;

  @OptionalString(LIMITS.shortText)
  group_desc?: string | null;

  @OptionalBoolean()
  is_distributor?: boolean | null;

  @OptionalString(LIMITS.icon)
  group_icon?: string | null;

  @OptionalString(64)
  group_work_time_str?: string | null;

  @OptionalBoolean()
  group_visible_for_ppcom?: boolean | null;

  @OptionalOrder()
  group_visible_order_for_ppcom?: number | null;
}
