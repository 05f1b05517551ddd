import { LIMITS, OptionalBoolean, OptionalEnum, OptionalString, RequiredUuid } from '../../../common/validation/protocol-validators';
import { OptionalEmail, OptionalPasswordSha1, SERVICE_USER_STATUSES } from './user-fields';

/** Every field but the ids is optional; an absent or null field keeps its stored value. */
export class UpdateUserDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  user_uuid: string;

  @OptionalString(LIMITS.name)
  user_fullname?: string | null;

  @OptionalString(LIMITS.name)
  user_firstname?: string | null;

  @OptionalString(LIMITS.name)
  user_lastname?: string | null;

  @OptionalString(LIMITS.icon)
  user_icon?: string | null;

  @OptionalEmail()
  user_email?: string | null;

  @OptionalString(LIMITS.signature)
  user_signature?: string | null;

  @OptionalString(16)
  user_language?: string | null;

  @OptionalString(64)
  user_mobile?: string | null;

  @OptionalString(64)
  user_qq?: string | null;

  @OptionalString(64)
  user_wechat?: string | null;

  @OptionalString(LIMITS.name)
  user_company?: string | null;

  @OptionalString(4096)
  user_defined?: string | null;

  @OptionalBoolean()
  user_silence_notification?: boolean | null;

  @OptionalBoolean()
  user_show_badge?: boolean | null;

  @OptionalBoolean()
  user_mute_notification?: boolean | null;

  @OptionalBoolean()
  user_mute_other_mobile_device?: boolean | null;

  @OptionalEnum(SERVICE_USER_STATUSES)
  service_user_status?: string | null;

  @OptionalBoolean()
  is_distributor_user?: boolean | null;

  @OptionalPasswordSha1()
  old_password?: string | null;

  /** The new password as the API list names it. */
  @OptionalPasswordSha1()
  new_password?: string | null;

  /** The new password as the old clients send it. */
  @OptionalPasswordSha1()
  user_password?: string | null;
}
