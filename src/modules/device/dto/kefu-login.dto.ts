import { LIMITS, OptionalEnum, OptionalString, RequiredEnum, RequiredString, RequiredUuid } from '../../../common/validation/protocol-validators';
import { DEVICE_OSTYPES } from '../device-ostype';

export class KefuLoginDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  user_uuid: string;

  @RequiredString(128)
  device_id: string;

  @RequiredEnum(DEVICE_OSTYPES)
  device_ostype: string;

  @OptionalString(LIMITS.name)
  device_fullname?: string | null;

  @OptionalEnum(['READY', 'BUSY', 'REST'])
  service_user_status?: string | null;
}
