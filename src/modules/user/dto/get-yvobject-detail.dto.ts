import { RequiredEnum, RequiredUuid } from '../../../common/validation/protocol-validators';

/** Object kinds GET_YVOBJECT_DETAIL describes: `DU` a user, `OG` an org group. */
export const YVOBJECT_TYPES = ['DU', 'OG'] as const;

export class GetYvobjectDetailDto {
  @RequiredUuid()
  uuid: string;

  @RequiredEnum(YVOBJECT_TYPES)
  type: (typeof YVOBJECT_TYPES)[number];
}
