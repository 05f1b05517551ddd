import { RequiredEnum, RequiredUuid } from '../../../common/validation/protocol-validators';
import { SERVICE_USER_STATUSES } from './user-fields';

export class SetServiceUserStatusDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  user_uuid: string;

  @RequiredEnum(SERVICE_USER_STATUSES)
  service_user_status: string;
}
