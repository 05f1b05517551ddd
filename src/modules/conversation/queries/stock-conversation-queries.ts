import { Query } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { OrgGroupConversationDto } from '../dto/org-group-conversation.dto';
import { PageUserConversationDto } from '../dto/page-user-conversation.dto';

export interface UserConversationPage {
  total_count: number;
  return_count: number;
  page_offset: number;
  page_size: number;
  list: Record<string, unknown>[];
}

/** PP_PAGE_USER_CONVERSATION: the user's OPEN conversations by page number. */
export class PageUserConversationQuery extends Query<UserConversationPage> {
  constructor(
    readonly request: PageUserConversationDto,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** PP_GET_ORG_GROUP_CONVERSATION: the visitor's latest conversation with a group, or nothing. */
export class OrgGroupConversationQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly request: OrgGroupConversationDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
