import { Min } from 'class-validator';
import { OptionalInteger, OptionalString, RequiredUuid } from '../../../common/validation/protocol-validators';

export class GetOrgGroupUserListDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  group_uuid: string;

  /** Default 50; above 200 it is clamped to 200. */
  @OptionalInteger()
  @Min(1)
  page_size?: number | null;

  /** `next_cursor` of the previous page. */
  @OptionalString(256)
  cursor?: string | null;
}
