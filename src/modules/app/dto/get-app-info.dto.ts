import { RequiredUuid } from '../../../common/validation/protocol-validators';

export class GetAppInfoDto {
  @RequiredUuid()
  app_uuid: string;
}
