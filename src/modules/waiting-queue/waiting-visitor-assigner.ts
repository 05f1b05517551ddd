import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { createLogger } from '../../common/logging/logger';
import { CREATOR_LOCK_NAMESPACE } from '../conversation/commands/create-conversation.handler';
import { ConversationReuse } from '../conversation/conversation-reuse';
import { ConversationUnitOfWork, UnitOfWorkResult } from '../conversation/conversation-unit-of-work';
import { ConversationWriter } from '../conversation/conversation-writer';
import { NoConversationMemberError } from '../conversation/conversation.errors';
import { MemberPicker } from '../conversation/member-picker';
import { ParticipantDirectory } from '../conversation/participant-directory';
import { WaitingVisitorAssignedEvent } from './events/waiting-visitor-assigned.event';

/** How often every node looks for visitors that no event reached; the original's queue worker also ran every 2 s. */
export const SWEEP_INTERVAL_MS = 2_000;
/** Entries looked at per app and pass, oldest first. */
const ENTRIES_PER_PASS = 100;
/** Apps handled per sweep. */
const APPS_PER_SWEEP = 100;

interface WaitingRow {
  uuid: string;
  app_uuid: string;
  user_uuid: string;
  device_uuid: string;
  group_uuid: string | null;
}

/** The result of handling one entry. */
type Outcome = 'assigned' | 'no-agent' | 'gone';

/**
 * Gives waiting visitors a conversation as soon as an agent can take them: oldest first per
 * app, each with the least-loaded READY agent of its group (or of the distributor group).
 *
 * Each entry gets its own transaction. It locks the entry with `FOR UPDATE SKIP LOCKED`, so nodes
 * sweeping at once never assign a visitor twice. It then creates the conversation through the
 * conversation writer, with its read models and outbox records, and deletes the entry. The ACK
 * CONVERSATION push is an outbox record of that same transaction.
 */
@Injectable()
export class WaitingVisitorAssigner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger(WaitingVisitorAssigner.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: ConversationUnitOfWork,
    private readonly directory: ParticipantDirectory,
    private readonly picker: MemberPicker,
    private readonly reuse: ConversationReuse,
    private readonly writer: ConversationWriter,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    // Only the server sweeps; the operator CLI loads the same modules without an HTTP adapter.
    if (!this.adapterHost.httpAdapter) {
      return;
    }
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => this.logger.error({ err: error }, 'waiting queue sweep failed'))
        .finally(() => {
          this.sweeping = null;
        });
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.sweeping;
  }

  /** Assigns what can be assigned in every app that has waiting visitors; cheap when the queue is empty. */
  async sweep(): Promise<void> {
    const apps: { app_uuid: string }[] = await this.dataSource.query(`SELECT DISTINCT app_uuid FROM waiting_visitors LIMIT $1`, [APPS_PER_SWEEP]);
    for (const { app_uuid: appUuid } of apps) {
      await this.assignApp(appUuid);
    }
  }

  /** Assigns the app's waiting visitors, oldest first; returns how many got a conversation. */
  async assignApp(appUuid: string): Promise<number> {
    const entries: { uuid: string; group_uuid: string | null }[] = await this.dataSource.query(
      `SELECT uuid, group_uuid FROM waiting_visitors WHERE app_uuid = $1 ORDER BY createtime, uuid LIMIT $2`,
      [appUuid, ENTRIES_PER_PASS],
    );
    // A group without a READY agent stays so for the rest of the pass: its later entries wait too.
    const groupsWithoutAgent = new Set<string>();
    let assigned = 0;
    for (const entry of entries) {
      const groupKey = entry.group_uuid ?? '';
      if (groupsWithoutAgent.has(groupKey)) {
        continue;
      }
      const outcome = await this.assignEntry(entry.uuid);
      if (outcome === 'assigned') {
        assigned++;
      } else if (outcome === 'no-agent') {
        groupsWithoutAgent.add(groupKey);
      }
    }
    return assigned;
  }

  private assignEntry(entryUuid: string): Promise<Outcome> {
    return this.unitOfWork.run(async (manager): Promise<UnitOfWorkResult<Outcome>> => {
      const rows: WaitingRow[] = await manager.query(
        `SELECT uuid, app_uuid, user_uuid, device_uuid, group_uuid FROM waiting_visitors WHERE uuid = $1 FOR UPDATE SKIP LOCKED`,
        [entryUuid],
      );
      const entry = rows[0];
      if (!entry) {
        // Taken by another node, cancelled, or assigned meanwhile.
        return { result: 'gone', events: [] };
      }
      // The visitor's own creates take the same lock, so a conversation is reused, never doubled.
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CREATOR_LOCK_NAMESPACE, entry.user_uuid]);
      const visitor = await this.directory.find(entry.app_uuid, entry.user_uuid, manager);
      if (!visitor) {
        await this.remove(manager, entry.uuid);
        this.logger.info({ app_uuid: entry.app_uuid, user_uuid: entry.user_uuid }, 'dropped the waiting entry of a removed visitor');
        return { result: 'gone', events: [] };
      }
      // A group removed while the visitor waited: the distributor group takes over.
      const groupUuid = entry.group_uuid && (await this.directory.groupExists(manager, entry.app_uuid, entry.group_uuid)) ? entry.group_uuid : null;

      const existing = await this.reuse.find(manager, { appUuid: entry.app_uuid, creatorUuid: entry.user_uuid, conversationType: 'P2S', memberList: undefined, groupUuid });
      if (existing) {
        await this.remove(manager, entry.uuid);
        this.logger.info({ app_uuid: entry.app_uuid, user_uuid: entry.user_uuid, conversation_uuid: existing.uuid }, 'waiting visitor already has a conversation');
        return { result: 'assigned', events: [new WaitingVisitorAssignedEvent(entry.app_uuid, entry.user_uuid, entry.device_uuid, existing.uuid)] };
      }

      let agentUuid: string;
      try {
        agentUuid = await this.picker.pickFromGroup(manager, entry.app_uuid, groupUuid);
      } catch (error) {
        if (error instanceof NoConversationMemberError) {
          return { result: 'no-agent', events: [] };
        }
        throw error;
      }
      const agent = (await this.directory.findMany(entry.app_uuid, [agentUuid], manager))[0];
      const teamName = groupUuid
        ? ((await manager.query(`SELECT group_name FROM org_groups WHERE uuid = $1`, [groupUuid]))[0]?.group_name as string)
        : ((await this.directory.appName(entry.app_uuid, manager))?.name ?? '');
      const { conversation, event } = await this.writer.create(manager, {
        appUuid: entry.app_uuid,
        creator: visitor,
        members: [agent],
        conversationType: 'P2S',
        conversationName: null,
        groupUuid,
        teamName,
      });
      await this.remove(manager, entry.uuid);
      this.logger.info(
        { app_uuid: entry.app_uuid, user_uuid: entry.user_uuid, device_uuid: entry.device_uuid, agent_uuid: agentUuid, conversation_uuid: conversation.uuid },
        'assigned a waiting visitor',
      );
      return { result: 'assigned', events: [event, new WaitingVisitorAssignedEvent(entry.app_uuid, entry.user_uuid, entry.device_uuid, conversation.uuid)] };
    });
  }

  private async remove(manager: EntityManager, entryUuid: string): Promise<void> {
    await manager.query(`DELETE FROM waiting_visitors WHERE uuid = $1`, [entryUuid]);
  }
}
