import { RequiredUuid } from '../../../common/validation/protocol-validators';

/** Names one group of the caller's app (detail and removal). */
export class OrgGroupRefDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  group_uuid: string;
}
