import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrgGroupUserEntity } from './entities/org-group-user.entity';
import { OrgGroupEntity } from './entities/org-group.entity';

@Module({
  imports: [TypeOrmModule.forFeature([OrgGroupEntity, OrgGroupUserEntity])],
})
export class OrgGroupModule {}
