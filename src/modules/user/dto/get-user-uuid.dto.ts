import { LIMITS, OptionalString, RequiredUuid } from '../../../common/validation/protocol-validators';
import { RequiredEmail } from './user-fields';

export class GetUserUuidDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredEmail()
  user_email: string;

  @OptionalString(LIMITS.name)
  user_fullname?: string | null;

  @OptionalString(LIMITS.icon)
  user_icon?: string | null;

  /** Lowercase hex HMAC-SHA256 of `user_email` keyed with the app's identity secret. */
  @OptionalString(128)
  user_hash?: string | null;
}
