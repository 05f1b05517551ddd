import { Command } from '@nestjs/cqrs';

export interface RebuildResult {
  member_rows: number;
  team_inbox_rows: number;
}

/** Recomputes the conversation read models of one app (or all apps) from the write tables. */
export class RebuildReadModelsCommand extends Command<RebuildResult> {
  constructor(readonly appUuid: string | null) {
    super();
  }
}
