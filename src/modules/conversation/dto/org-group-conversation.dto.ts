import { RequiredUuid } from '../../../common/validation/protocol-validators';

export class OrgGroupConversationDto {
  @RequiredUuid()
  app_uuid: string;

  /** The visitor. */
  @RequiredUuid()
  user_uuid: string;

  @RequiredUuid()
  group_uuid: string;
}
