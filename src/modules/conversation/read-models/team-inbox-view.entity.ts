import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Read model: the team inbox, one row per conversation of the app. Rebuildable from the write tables. */
@Entity({ name: 'team_inbox_views' })
@Index('ix_team_inbox_views_list', ['app_uuid', 'team_status', 'last_activity_at', 'conversation_uuid'], {
  where: 'message_total_count > 0',
})
export class TeamInboxViewEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_team_inbox_views' })
  conversation_uuid: string;

  @Column('uuid')
  app_uuid: string;

  @Column('varchar', { length: 16 })
  team_status: string;

  @Column('timestamp with time zone', { precision: 6 })
  last_activity_at: Date;

  @Column('uuid', { nullable: true })
  latest_message_uuid: string | null;

  @Column('integer', { default: 0 })
  message_total_count: number;
}
