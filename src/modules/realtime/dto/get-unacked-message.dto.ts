import { RequiredUuid } from '../../../common/validation/protocol-validators';

export class GetUnackedMessageDto {
  /** The delivery's `pid`. */
  @RequiredUuid()
  uuid: string;
}
