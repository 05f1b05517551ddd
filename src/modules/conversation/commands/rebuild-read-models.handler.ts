import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createLogger } from '../../../common/logging/logger';
import { ConversationProjector } from '../read-models/conversation.projector';
import { RebuildReadModelsCommand, RebuildResult } from './rebuild-read-models.command';

/**
 * Runs the rebuild in one transaction that locks both read-model tables against writers, so
 * messages sent meanwhile wait instead of being projected into rows the rebuild deletes.
 */
@CommandHandler(RebuildReadModelsCommand)
export class RebuildReadModelsHandler implements ICommandHandler<RebuildReadModelsCommand> {
  private readonly logger = createLogger(RebuildReadModelsHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projector: ConversationProjector,
  ) {}

  async execute({ appUuid }: RebuildReadModelsCommand): Promise<RebuildResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      await manager.query('LOCK TABLE member_conversation_views, team_inbox_views IN SHARE ROW EXCLUSIVE MODE');
      await this.projector.rebuild(manager, appUuid);
      const [members] = await manager.query(`SELECT count(*)::int AS count FROM member_conversation_views WHERE $1::uuid IS NULL OR app_uuid = $1`, [appUuid]);
      const [inbox] = await manager.query(`SELECT count(*)::int AS count FROM team_inbox_views WHERE $1::uuid IS NULL OR app_uuid = $1`, [appUuid]);
      return { member_rows: members.count as number, team_inbox_rows: inbox.count as number };
    });
    this.logger.info({ app_uuid: appUuid, ...result }, 'rebuilt conversation read models');
    return result;
  }
}
