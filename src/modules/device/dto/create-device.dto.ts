import { OptionalString, RequiredEnum, RequiredUuid } from '../../../common/validation/protocol-validators';
import { DEVICE_OSTYPES } from '../device-ostype';

/** One of `device_id` and `ppcom_trace_uuid` is required; the handler checks that (6). */
export class CreateDeviceDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  user_uuid: string;

  @RequiredEnum(DEVICE_OSTYPES)
  device_ostype: string;

  @OptionalString(128)
  device_id?: string | null;

  @OptionalString(128)
  ppcom_trace_uuid?: string | null;
}
