import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A team's org group; at most one per app is the distributor (primary) group. */
@Entity({ name: 'org_groups' })
@Index('ix_org_groups_app', ['app_uuid', 'createtime'])
@Index('uq_org_groups_distributor', ['app_uuid'], { unique: true, where: 'is_distributor' })
export class OrgGroupEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_org_groups' })
  uuid: string;

  @Column('uuid')
  app_uuid: string;

  @Column('varchar', { length: 512 })
  group_name: string;

  @Column('varchar', { length: 512, nullable: true })
  group_desc: string | null;

  @Column('varchar', { length: 1024, nullable: true })
  group_icon: string | null;

  @Column('boolean', { default: false })
  is_root: boolean;

  @Column('boolean', { default: false })
  is_distributor: boolean;

  @Column('varchar', { length: 16, nullable: true })
  group_route_algorithm: string | null;

  @Column('varchar', { length: 64, nullable: true })
  group_work_time_str: string | null;

  @Column('boolean', { nullable: true })
  group_visible_for_ppcom: boolean | null;

  @Column('integer', { nullable: true })
  group_visible_order_for_ppcom: number | null;

  /** Number of members, kept in the same transaction as every add and remove. */
  @Column('integer', { default: 0 })
  user_count: number;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  updatetime: Date;
}
