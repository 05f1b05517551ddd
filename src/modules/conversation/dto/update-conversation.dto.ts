import { OptionalUuid, RequiredUuid } from '../../../common/validation/protocol-validators';

export class UpdateConversationDto {
  @OptionalUuid()
  app_uuid?: string;

  @RequiredUuid()
  conversation_uuid: string;

  @RequiredUuid()
  assigned_uuid: string;
}
