import { RequiredUuidList } from '../../../common/validation/protocol-validators';

export class AckMessageDto {
  /** `pid`s of pushed or fetched messages; unknown ones are skipped. */
  @RequiredUuidList()
  list: string[];
}
