import { OptionalBoolean, OptionalPageSize, OptionalUuid, RequiredPageOffset, RequiredUuid } from '../../../common/validation/protocol-validators';

export class GetHistoryMessageDto {
  @OptionalUuid()
  app_uuid?: string;

  @RequiredUuid()
  conversation_uuid: string;

  /** Page number from 0, newest page first; -1 for the whole filtered list (capped). */
  @RequiredPageOffset()
  page_offset: number;

  /** Default 20, at most 100. */
  @OptionalPageSize()
  page_size?: number;

  /** Only messages older than this one. */
  @OptionalUuid()
  since_id?: string;

  /** Only this message and older ones; pin it to keep pages stable while messages arrive. */
  @OptionalUuid()
  max_id?: string;

  /** Leave out the `max_id` message itself. */
  @OptionalBoolean()
  ignore_max?: boolean;

  /** Leave out the `since_id` message (it is already left out; kept for old clients). */
  @OptionalBoolean()
  ignore_since?: boolean;
}
