import { LIMITS, OptionalBoolean, OptionalEnum, OptionalString, RequiredString, RequiredUuid } from '../../../common/validation/protocol-validators';
import { OptionalPasswordSha1, RequiredEmail, USER_STATUSES } from './user-fields';

export class CreateUserDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredEmail()
  user_email: string;

  @RequiredString(LIMITS.name)
  user_fullname: string;

  @OptionalString(16)
  user_language?: string | null;

  @OptionalPasswordSha1()
  user_password?: string | null;

  @OptionalBoolean()
  is_service_user?: boolean | null;

  @OptionalEnum(USER_STATUSES)
  user_status?: string | null;
}
