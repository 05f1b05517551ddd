import { RequiredUuid } from '../../../common/validation/protocol-validators';

export class GetAppOrgGroupListDto {
  @RequiredUuid()
  app_uuid: string;
}
