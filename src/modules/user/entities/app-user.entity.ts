import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user's membership of an app, with the roles the protocol names. */
@Entity({ name: 'app_users' })
@Index('ix_app_users_user', ['user_uuid'])
@Index('ix_app_users_service', ['app_uuid', 'is_service_user', 'is_distributor_user'])
export class AppUserEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_app_users' })
  app_uuid: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_app_users' })
  user_uuid: string;

  @Column('boolean', { default: false })
  is_owner_user: boolean;

  @Column('boolean', { default: false })
  is_service_user: boolean;

  @Column('boolean', { default: false })
  is_distributor_user: boolean;

  @Column('boolean', { default: false })
  is_portal_user: boolean;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  updatetime: Date;
}
