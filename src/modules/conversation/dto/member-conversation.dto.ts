import { RequiredUuid } from '../../../common/validation/protocol-validators';

/** A member and one of its conversations: the body of open, close and info requests. */
export class MemberConversationDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  user_uuid: string;

  @RequiredUuid()
  conversation_uuid: string;
}
