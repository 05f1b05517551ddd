import { OptionalUuid, RequiredUuid } from '../../../common/validation/protocol-validators';

export class CancelWaitingDto {
  @RequiredUuid()
  app_uuid: string;

  /** The waiting visitor. */
  @RequiredUuid()
  user_uuid: string;

  @RequiredUuid()
  device_uuid: string;

  /** Sent by the widget; the visitor's entry is removed whatever group it waits for. */
  @OptionalUuid()
  group_uuid?: string;
}
