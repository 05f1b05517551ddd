import { OptionalUuid } from '../../../common/validation/protocol-validators';
import { MemberConversationDto } from './member-conversation.dto';

export class MarkConversationReadDto extends MemberConversationDto {
  /** The newest message read; without it, everything up to the newest message. */
  @OptionalUuid()
  max_id?: string;
}
