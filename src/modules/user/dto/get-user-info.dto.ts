import { RequiredUuid } from '../../../common/validation/protocol-validators';

export class GetUserInfoDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  user_uuid: string;
}
