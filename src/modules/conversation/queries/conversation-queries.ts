import { Query } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { ConversationUsersDto, ListAppConversationsDto, ListUserConversationsDto } from '../dto/list-conversations.dto';
import { MemberConversationDto } from '../dto/member-conversation.dto';
import { ListPage } from '../conversation-list.reader';

export class GetConversationInfoQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly request: MemberConversationDto,
    readonly principal: Principal,
  ) {
    super();
  }
}

export class ListUserConversationsQuery extends Query<ListPage> {
  constructor(
    readonly request: ListUserConversationsDto,
    readonly principal: Principal,
  ) {
    super();
  }
}

export class ListAppConversationsQuery extends Query<ListPage> {
  constructor(
    readonly request: ListAppConversationsDto,
    readonly principal: Principal,
  ) {
    super();
  }
}

export class ListConversationUsersQuery extends Query<{ list: Record<string, unknown>[] }> {
  constructor(
    readonly request: ConversationUsersDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
