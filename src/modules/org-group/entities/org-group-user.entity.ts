import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Group membership. The key (app, user) makes a user a member of at most one group per app. */
@Entity({ name: 'org_group_users' })
@Index('ix_org_group_users_group', ['group_uuid', 'createtime', 'user_uuid'])
export class OrgGroupUserEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_org_group_users' })
  app_uuid: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_org_group_users' })
  user_uuid: string;

  @Column('uuid')
  group_uuid: string;

  @Column('boolean', { default: false })
  is_leader: boolean;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;
}
