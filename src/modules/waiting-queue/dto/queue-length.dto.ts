import { RequiredUuid } from '../../../common/validation/protocol-validators';

export class QueueLengthDto {
  @RequiredUuid()
  app_uuid: string;
}
