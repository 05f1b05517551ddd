import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { ApiError } from '../../../common/protocol/api-error';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { ConversationListReader } from '../conversation-list.reader';
import { UserNotFoundError } from '../conversation.errors';
import { presentForMember, presentMemberData } from '../conversation.presenter';
import { ConversationMemberEntity } from '../entities/conversation-member.entity';
import { ConversationEntity } from '../entities/conversation.entity';
import { ParticipantDirectory } from '../participant-directory';
import { OrgGroupConversationQuery, PageUserConversationQuery, UserConversationPage } from './stock-conversation-queries';

const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 100;

@QueryHandler(PageUserConversationQuery)
export class PageUserConversationHandler implements IQueryHandler<PageUserConversationQuery> {
  constructor(
    private readonly reader: ConversationListReader,
    private readonly directory: ParticipantDirectory,
  ) {}

  async execute({ request, principal }: PageUserConversationQuery): Promise<UserConversationPage> {
    assertActsAs(principal, request.user_uuid);
    if (!(await this.directory.find(principal.appUuid, request.user_uuid))) {
      throw new UserNotFoundError(request.user_uuid);
    }
    const pageSize = Math.min(request.page_size ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const pageOffset = request.page_offset ?? 0;
    const page = await this.reader.userOffsetPage(principal.appUuid, request.user_uuid, pageOffset, pageSize);
    return { total_count: page.total_count, return_count: page.list.length, page_offset: pageOffset, page_size: pageSize, list: page.list };
  }
}

/**
 * The conversation the visitor created with the group, most recently updated first, as
 * PP_GET_CONVERSATION_INFO returns it. No such conversation is an empty success, as in the
 * original, so the widget then creates one with PPCOM_CREATE_CONVERSATION.
 */
@QueryHandler(OrgGroupConversationQuery)
export class OrgGroupConversationHandler implements IQueryHandler<OrgGroupConversationQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: ParticipantDirectory,
  ) {}

  async execute({ request, principal }: OrgGroupConversationQuery): Promise<Record<string, unknown>> {
    assertActsAs(principal, request.user_uuid);
    const appUuid = principal.appUuid;
    if (!(await this.directory.find(appUuid, request.user_uuid))) {
      throw new UserNotFoundError(request.user_uuid);
    }
    if (!(await this.directory.groupExists(this.dataSource.manager, appUuid, request.group_uuid))) {
      throw new ApiError(ApiErrorCode.NO_ORG_GROUP, `org group ${request.group_uuid} not found in app ${appUuid}`);
    }
    const conversation = await this.dataSource.getRepository(ConversationEntity).findOne({
      where: { app_uuid: appUuid, user_uuid: request.user_uuid, group_uuid: request.group_uuid },
      order: { updatetime: 'DESC' },
    });
    const member = conversation
      ? await this.dataSource.getRepository(ConversationMemberEntity).findOneBy({ conversation_uuid: conversation.uuid, user_uuid: request.user_uuid })
      : null;
    if (!conversation || !member) {
      return {};
    }
    return { ...presentForMember(conversation, member), conversation_data: presentMemberData(member) };
  }
}
