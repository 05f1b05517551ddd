import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AddOrgGroupUsersHandler } from './commands/add-org-group-users.handler';
import { CreateOrgGroupHandler } from './commands/create-org-group.handler';
import { RemoveOrgGroupUsersHandler } from './commands/remove-org-group-users.handler';
import { RemoveOrgGroupHandler } from './commands/remove-org-group.handler';
import { UpdateOrgGroupHandler } from './commands/update-org-group.handler';
import { OrgGroupUserEntity } from './entities/org-group-user.entity';
import { OrgGroupEntity } from './entities/org-group.entity';
import { OrgGroupController } from './org-group.controller';
import { GetOrgGroupDetailHandler } from './queries/get-org-group-detail.handler';
import { ListAppOrgGroupsHandler } from './queries/list-app-org-groups.handler';
import { ListOrgGroupUsersHandler } from './queries/list-org-group-users.handler';

@Module({
  imports: [TypeOrmModule.forFeature([OrgGroupEntity, OrgGroupUserEntity])],
  controllers: [OrgGroupController],
  providers: [
    CreateOrgGroupHandler,
    UpdateOrgGroupHandler,
    RemoveOrgGroupHandler,
    AddOrgGroupUsersHandler,
    RemoveOrgGroupUsersHandler,
    ListAppOrgGroupsHandler,
    GetOrgGroupDetailHandler,
    ListOrgGroupUsersHandler,
  ],
})
export class OrgGroupModule {}
