import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { ApiLevel } from '../../../common/auth/api-level';
import { ApiError } from '../../../common/protocol/api-error';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { ConversationAccess } from '../conversation-access';
import { ConversationListReader, ListPage } from '../conversation-list.reader';
import { presentForMember, presentMemberData } from '../conversation.presenter';
import { ParticipantDirectory } from '../participant-directory';
import { GetConversationInfoQuery, ListAppConversationsQuery, ListConversationUsersQuery, ListUserConversationsQuery } from './conversation-queries';

/** Members of one conversation returned at most; a conversation is not a broadcast list. */
const MAX_CONVERSATION_USERS = 1000;

@QueryHandler(GetConversationInfoQuery)
export class GetConversationInfoHandler implements IQueryHandler<GetConversationInfoQuery> {
  constructor(private readonly access: ConversationAccess) {}

  async execute({ request, principal }: GetConversationInfoQuery): Promise<Record<string, unknown>> {
    assertActsAs(principal, request.user_uuid);
    const { conversation, member } = await this.access.requireMember(principal.appUuid, request.conversation_uuid, request.user_uuid);
    return { ...presentForMember(conversation, member), conversation_data: presentMemberData(member) };
  }
}

@QueryHandler(ListUserConversationsQuery)
export class ListUserConversationsHandler implements IQueryHandler<ListUserConversationsQuery> {
  constructor(
    private readonly reader: ConversationListReader,
    private readonly directory: ParticipantDirectory,
  ) {}

  async execute({ request, principal }: ListUserConversationsQuery): Promise<ListPage> {
    assertActsAs(principal, request.user_uuid);
    if (!(await this.directory.find(principal.appUuid, request.user_uuid))) {
      throw new ApiError(ApiErrorCode.NO_USER, `user ${request.user_uuid} is not a member of app ${principal.appUuid}`);
    }
    return this.reader.userPage(principal.appUuid, request.user_uuid, request.page_size, request.cursor);
  }
}

/** The team inbox is for the team: visitors and tokens of non-agents get 20. */
@QueryHandler(ListAppConversationsQuery)
export class ListAppConversationsHandler implements IQueryHandler<ListAppConversationsQuery> {
  constructor(
    private readonly reader: ConversationListReader,
    private readonly directory: ParticipantDirectory,
  ) {}

  async execute({ request, principal }: ListAppConversationsQuery): Promise<ListPage> {
    if (principal.level === ApiLevel.PPCOM) {
      throw new ApiError(ApiErrorCode.NO_PERM, 'visitors cannot read the team inbox');
    }
    if (principal.level === ApiLevel.PPKEFU) {
      const caller = principal.userUuid ? await this.directory.find(principal.appUuid, principal.userUuid) : null;
      if (!caller?.isService) {
        throw new ApiError(ApiErrorCode.NO_PERM, `user ${principal.userUuid} is not a service user of app ${principal.appUuid}`);
      }
    }
    return this.reader.teamPage(principal.appUuid, principal.userUuid, request.page_size, request.cursor);
  }
}

@QueryHandler(ListConversationUsersQuery)
export class ListConversationUsersHandler implements IQueryHandler<ListConversationUsersQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ConversationAccess,
    private readonly directory: ParticipantDirectory,
  ) {}

  async execute({ request, principal }: ListConversationUsersQuery): Promise<{ list: Record<string, unknown>[] }> {
    const conversation = await this.access.requireReadable(principal, request.conversation_uuid);
    const rows: { user_uuid: string }[] = await this.dataSource.query(
      `SELECT user_uuid FROM conversation_members WHERE conversation_uuid = $1 ORDER BY createtime, user_uuid LIMIT $2`,
      [conversation.uuid, MAX_CONVERSATION_USERS],
    );
    return { list: await this.directory.cards(principal.appUuid, rows.map((row) => row.user_uuid)) };
  }
}
