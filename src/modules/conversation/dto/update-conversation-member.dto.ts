import { OptionalUuid, RequiredEnum, RequiredUuid, RequiredUuidList } from '../../../common/validation/protocol-validators';

export const MEMBER_ACTIONS = ['ADD', 'REMOVE'] as const;

export class UpdateConversationMemberDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  conversation_uuid: string;

  @RequiredEnum(MEMBER_ACTIONS)
  action: (typeof MEMBER_ACTIONS)[number];

  /** Users to add (service users of the app) or to remove; not a list → 31. */
  @RequiredUuidList()
  member_list: string[];

  /** With ADD: the org group the conversation moves to. */
  @OptionalUuid()
  group_uuid?: string;
}
