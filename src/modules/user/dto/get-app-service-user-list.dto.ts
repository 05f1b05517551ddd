import { RequiredUuid } from '../../../common/validation/protocol-validators';

export class GetAppServiceUserListDto {
  @RequiredUuid()
  app_uuid: string;
}
