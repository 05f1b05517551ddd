import { RequiredUuid } from '../../../common/validation/protocol-validators';

export class DefaultConversationDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  user_uuid: string;

  @RequiredUuid()
  device_uuid: string;
}
