import { RequiredString, RequiredUuid } from '../../../common/validation/protocol-validators';

export class CreateAnonymousDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredString(64)
  ppcom_trace_uuid: string;
}
