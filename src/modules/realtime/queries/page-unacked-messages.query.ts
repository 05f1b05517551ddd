import { Query } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { PageUnackedMessageDto } from '../dto/page-unacked-message.dto';

export interface UnackedPage {
  total_count: number;
  return_count: number;
  page_offset: number;
  page_size: number;
  /** Compact message bodies with their delivery's `pid`, newest first. */
  list: Record<string, unknown>[];
}

/** PP_PAGE_UNACKED_MESSAGE: one page of a device's unacknowledged deliveries. */
export class PageUnackedMessagesQuery extends Query<UnackedPage> {
  constructor(
    readonly principal: Principal,
    readonly input: PageUnackedMessageDto,
  ) {
    super();
  }
}
