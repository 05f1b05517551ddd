import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ALL_LEVELS, CONSOLE_LEVELS } from '../../common/auth/api-level';
import { ApiLevels } from '../../common/auth/api-levels.decorator';
import { AddOrgGroupUsersCommand } from './commands/add-org-group-users.command';
import { CreateOrgGroupCommand } from './commands/create-org-group.command';
import { RemoveOrgGroupUsersCommand } from './commands/remove-org-group-users.command';
import { RemoveOrgGroupCommand } from './commands/remove-org-group.command';
import { UpdateOrgGroupCommand } from './commands/update-org-group.command';
import { GetAppOrgGroupListDto } from './dto/app-org-group-list.dto';
import { CreateOrgGroupDto } from './dto/create-org-group.dto';
import { GetOrgGroupUserListDto } from './dto/get-org-group-user-list.dto';
import { OrgGroupRefDto } from './dto/org-group-ref.dto';
import { OrgGroupUsersDto } from './dto/org-group-users.dto';
import { UpdateOrgGroupDto } from './dto/update-org-group.dto';
import { GetOrgGroupDetailQuery } from './queries/get-org-group-detail.query';
import { ListAppOrgGroupsQuery } from './queries/list-app-org-groups.query';
import { ListOrgGroupUsersQuery } from './queries/list-org-group-users.query';

/**
 * Org groups of the token's app. The guard has already checked that `app_uuid` is the token's
 * app, and every handler confines the group to that app, so no principal is needed here.
 */
@Controller('api')
export class OrgGroupController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('PP_GET_APP_ORG_GROUP_LIST')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  listGroups(@Body() body: GetAppOrgGroupListDto) {
    return this.queryBus.execute(new ListAppOrgGroupsQuery(body.app_uuid));
  }

  @Post('PP_GET_ORG_GROUP_DETAIL')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  getGroupDetail(@Body() body: OrgGroupRefDto) {
    return this.queryBus.execute(new GetOrgGroupDetailQuery(body.app_uuid, body.group_uuid));
  }

  @Post('PP_GET_ORG_GROUP_USER_LIST')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  listGroupUsers(@Body() body: GetOrgGroupUserListDto) {
    return this.queryBus.execute(new ListOrgGroupUsersQuery(body.app_uuid, body.group_uuid, body.page_size ?? null, body.cursor ?? null));
  }

  @Post('PP_CREATE_ORG_GROUP')
  @HttpCode(200)
  @ApiLevels(...CONSOLE_LEVELS)
  createGroup(@Body() body: CreateOrgGroupDto) {
    return this.commandBus.execute(new CreateOrgGroupCommand(body));
  }

  @Post('PP_UPDATE_ORG_GROUP')
  @HttpCode(200)
  @ApiLevels(...CONSOLE_LEVELS)
  updateGroup(@Body() body: UpdateOrgGroupDto) {
    return this.commandBus.execute(new UpdateOrgGroupCommand(body));
  }

  @Post('PP_REMOVE_ORG_GROUP')
  @HttpCode(200)
  @ApiLevels(...CONSOLE_LEVELS)
  removeGroup(@Body() body: OrgGroupRefDto) {
    return this.commandBus.execute(new RemoveOrgGroupCommand(body.app_uuid, body.group_uuid));
  }

  @Post('PP_ADD_ORG_GROUP_USER')
  @HttpCode(200)
  @ApiLevels(...CONSOLE_LEVELS)
  addGroupUsers(@Body() body: OrgGroupUsersDto) {
    return this.commandBus.execute(new AddOrgGroupUsersCommand(body.app_uuid, body.group_uuid, body.user_list));
  }

  @Post('PP_REMOVE_ORG_GROUP_USER')
  @HttpCode(200)
  @ApiLevels(...CONSOLE_LEVELS)
  removeGroupUsers(@Body() body: OrgGroupUsersDto) {
    return this.commandBus.execute(new RemoveOrgGroupUsersCommand(body.app_uuid, body.group_uuid, body.user_list));
  }
}
