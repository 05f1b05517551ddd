import { OptionalString, OptionalUuid, OptionalUuidList, RequiredUuid } from '../../../common/validation/protocol-validators';

export class PpcomCreateConversationDto {
  @RequiredUuid()
  app_uuid: string;

  /** The visitor. */
  @RequiredUuid()
  user_uuid: string;

  @OptionalUuid()
  device_uuid?: string;

  /** A conversation with this org group: reused, or created with one of its READY agents. */
  @OptionalUuid()
  group_uuid?: string;

  /** Agents to talk to; one agent gives a 1:1 conversation assigned to that agent. */
  @OptionalUuidList()
  member_list?: string[];

  /** Sent by the widget (always P2S); accepted and ignored, since visitor conversations are P2S. */
  @OptionalString(8)
  conversation_type?: string;
}
