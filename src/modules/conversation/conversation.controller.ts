import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ALL_LEVELS, ApiLevel, CLIENT_LEVELS } from '../../common/auth/api-level';
import { ApiLevels, CurrentPrincipal } from '../../common/auth/api-levels.decorator';
import { Principal } from '../../common/auth/principal';
import { ChangeConversationStatusCommand } from './commands/change-conversation-status.command';
import { CreateConversationCommand } from './commands/create-conversation.command';
import { GetDefaultConversationCommand } from './commands/get-default-conversation.command';
import { MarkConversationReadCommand } from './commands/mark-conversation-read.command';
import { PpcomCreateConversationCommand } from './commands/ppcom-create-conversation.command';
import { UpdateConversationMemberCommand } from './commands/update-conversation-member.command';
import { UpdateConversationCommand } from './commands/update-conversation.command';
import { CreateConversationDto } from './dto/create-conversation.dto';
import { DefaultConversationDto } from './dto/default-conversation.dto';
import { ConversationUsersDto, ListAppConversationsDto, ListUserConversationsDto } from './dto/list-conversations.dto';
import { MarkConversationReadDto } from './dto/mark-conversation-read.dto';
import { MemberConversationDto } from './dto/member-conversation.dto';
import { OrgGroupConversationDto } from './dto/org-group-conversation.dto';
import { PageUserConversationDto } from './dto/page-user-conversation.dto';
import { PpcomCreateConversationDto } from './dto/ppcom-create-conversation.dto';
import { UpdateConversationMemberDto } from './dto/update-conversation-member.dto';
import { UpdateConversationDto } from './dto/update-conversation.dto';
import { GetConversationInfoQuery, ListAppConversationsQuery, ListConversationUsersQuery, ListUserConversationsQuery } from './queries/conversation-queries';
import { OrgGroupConversationQuery, PageUserConversationQuery } from './queries/stock-conversation-queries';

@Controller('api')
export class ConversationController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('PP_CREATE_CONVERSATION')
  @HttpCode(200)
  @ApiLevels(...CLIENT_LEVELS)
  create(@Body() body: CreateConversationDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new CreateConversationCommand(body, principal));
  }

  /** Deprecated in the API list; still served for old clients. */
  @Post('PP_UPDATE_CONVERSATION')
  @HttpCode(200)
  @ApiLevels(...CLIENT_LEVELS)
  update(@Body() body: UpdateConversationDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new UpdateConversationCommand(body, principal));
  }

  @Post('PP_GET_CONVERSATION_INFO')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  info(@Body() body: MemberConversationDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetConversationInfoQuery(body, principal));
  }

  @Post('PP_GET_APP_CONVERSATION_LIST')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  appList(@Body() body: ListAppConversationsDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new ListAppConversationsQuery(body, principal));
  }

  @Post('PP_GET_USER_CONVERSATION_LIST')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  userList(@Body() body: ListUserConversationsDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new ListUserConversationsQuery(body, principal));
  }

  @Post('PP_OPEN_CONVERSATION')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  open(@Body() body: MemberConversationDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new ChangeConversationStatusCommand(body, 'OPEN', principal));
  }

  @Post('PP_CLOSE_CONVERSATION')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  close(@Body() body: MemberConversationDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new ChangeConversationStatusCommand(body, 'CLOSE', principal));
  }

  @Post('PPCOM_GET_DEFAULT_CONVERSATION')
  @HttpCode(200)
  @ApiLevels(ApiLevel.PPCOM)
  defaultConversation(@Body() body: DefaultConversationDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new GetDefaultConversationCommand(body, principal));
  }

  @Post('PP_GET_CONVERSATION_USER_LIST')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  users(@Body() body: ConversationUsersDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new ListConversationUsersQuery(body, principal));
  }

  /** An addition to the protocol: moves the caller's read position, which drives `unread_count`. */
  @Post('PP_MARK_CONVERSATION_READ')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  markRead(@Body() body: MarkConversationReadDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new MarkConversationReadCommand(body, principal));
  }

  @Post('PP_UPDATE_CONVERSATION_MEMBER')
  @HttpCode(200)
  @ApiLevels(...CLIENT_LEVELS)
  updateMembers(@Body() body: UpdateConversationMemberDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new UpdateConversationMemberCommand(body, principal));
  }

  @Post('PPCOM_CREATE_CONVERSATION')
  @HttpCode(200)
  @ApiLevels(ApiLevel.PPCOM)
  ppcomCreate(@Body() body: PpcomCreateConversationDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new PpcomCreateConversationCommand(body, principal));
  }

  @Post('PP_PAGE_USER_CONVERSATION')
  @HttpCode(200)
  @ApiLevels(...CLIENT_LEVELS)
  pageUserConversations(@Body() body: PageUserConversationDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new PageUserConversationQuery(body, principal));
  }

  @Post('PP_GET_ORG_GROUP_CONVERSATION')
  @HttpCode(200)
  @ApiLevels(ApiLevel.PPCOM)
  orgGroupConversation(@Body() body: OrgGroupConversationDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new OrgGroupConversationQuery(body, principal));
  }
}
