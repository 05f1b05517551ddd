import { RequiredUuid } from '../../../common/validation/protocol-validators';

export class GetUnackedMessagesDto {
  @RequiredUuid()
  app_uuid: string;

  /** The user whose device it is. */
  @RequiredUuid()
  from_uuid: string;

  @RequiredUuid()
  device_uuid: string;
}
