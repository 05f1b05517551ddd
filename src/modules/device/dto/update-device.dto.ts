import { LIMITS, OptionalBoolean, OptionalEnum, OptionalString, RequiredUuid } from '../../../common/validation/protocol-validators';
import { DEVICE_OSTYPES } from '../device-ostype';

/** Every field but `device_uuid` is optional; an absent or null field keeps its stored value. */
export class UpdateDeviceDto {
  @RequiredUuid()
  device_uuid: string;

  @OptionalString(LIMITS.name)
  device_fullname?: string | null;

  @OptionalString(64)
  device_phonenumber?: string | null;

  @OptionalEnum(DEVICE_OSTYPES)
  device_ostype?: string | null;

  @OptionalString(64)
  device_osversion?: string | null;

  @OptionalString(64)
  device_android_apilevel?: string | null;

  @OptionalString(512)
  device_android_gcmtoken?: string | null;

  @OptionalBoolean()
  device_android_gcmpush?: boolean | null;

  @OptionalString(64)
  device_ios_model?: string | null;

  @OptionalString(512)
  device_ios_token?: string | null;

  @OptionalBoolean()
  device_is_online?: boolean | null;

  @OptionalBoolean()
  is_development?: boolean | null;
}
