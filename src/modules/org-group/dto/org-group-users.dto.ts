import { RequiredUuid, RequiredUuidList } from '../../../common/validation/protocol-validators';

/** Service users to add to or remove from a group. */
export class OrgGroupUsersDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  group_uuid: string;

  @RequiredUuidList()
  user_list: string[];
}
