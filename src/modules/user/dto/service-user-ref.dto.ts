import { RequiredUuid } from '../../../common/validation/protocol-validators';

/** An agent of the app: the body of PPKEFU_SET_BUSY, PPKEFU_SET_READY and PPKEFU_SET_REST. */
export class ServiceUserRefDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  user_uuid: string;
}
