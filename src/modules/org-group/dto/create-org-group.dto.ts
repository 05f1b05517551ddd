import { LIMITS, OptionalBoolean, OptionalString, RequiredString, RequiredUuid } from '../../../common/validation/protocol-validators';
import { OptionalOrder, OrgGroupFields } from './org-group-fields';

export class CreateOrgGroupDto implements OrgGroupFields {
  @RequiredUuid()
  app_uuid: string;

  @RequiredString(LIMITS.name)
  group_name: string;

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
