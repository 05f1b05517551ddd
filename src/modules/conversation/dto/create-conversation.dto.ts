import { IsDefined, IsIn, IsString } from 'class-validator';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { LIMITS, OptionalString, OptionalUuid, OptionalUuidList, RequiredUuid } from '../../../common/validation/protocol-validators';

export class CreateConversationDto {
  @RequiredUuid()
  app_uuid: string;

  /** The creator. */
  @RequiredUuid()
  user_uuid: string;

  @IsDefined()
  @IsString()
  @IsIn(['P2S', 'S2S'], { context: { code: ApiErrorCode.CONVERSATION_TYPE } })
  conversation_type: 'P2S' | 'S2S';

  @OptionalString(LIMITS.name)
  conversation_name?: string;

  @OptionalUuidList()
  member_list?: string[];

  @OptionalUuid()
  group_uuid?: string;
}
