import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { uniqueViolation } from '../../common/database/transaction';
import { createLogger } from '../../common/logging/logger';
import { MessageDraft, MessageStore, WriteOutcome } from './message-store';

interface PendingWrite {
  draft: MessageDraft;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes the messages of concurrent sends together, several to a statement.
 *
 * Most of a send's database cost is per statement: planning, starting the executor, waking a
 * backend and committing. So a node runs at most `sendStatementLimit` send statements at once,
 * and sends that arrive meanwhile wait for the next free slot, which takes up to
 * `sendBatchLimit` of them. A lone send on an idle node goes out at once in a statement of its
 * own. Batches form only under load, when every slot is taken anyway.
 *
 * A statement can number a conversation only once, so a batch contains one message per
 * conversation, and a conversation with a statement in flight waits for it. Messages of one
 * conversation therefore keep the order in which this node received them.
 *
 * Each message keeps its own outcome: a failed check stores nothing for that message alone. A
 * statement that fails as a whole (a resent uuid, or a deadlock with another node's batch) is
 * retried one message per statement, so each send gets the outcome or error of its own message.
 *
 * The statement does not look up whether a uuid is taken. Such a probe of `messages` raised
 * PostgreSQL's CPU per message in the benchmark from 1.6 to 3.7 times the baseline's, most likely
 * through a plan made while the table was small. So a resend fails its statement on
 * `pk_messages`, and the batch is retried one message at a time.
 *
 * NOTE: a send waits for the slowest message of its batch. A conversation row that another
 * transaction keeps locked delays every message batched with it, and with all slots waiting, every
 * send of this node.
 */
@Injectable()
export class SendBatcher {
  private readonly logger = createLogger(SendBatcher.name);
  private readonly queue: PendingWrite[] = [];
  /** Conversations that have a message in a statement now. */
  private readonly busy = new Set<string>();
  private running = 0;
  private readonly batchLimit: number;
  private readonly statementLimit: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: MessageStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.batchLimit = config.sendBatchLimit;
    // Statements beyond the pool's size would only queue for a connection, one message each.
    this.statementLimit = Math.max(1, Math.min(config.sendStatementLimit, config.databasePoolSize));
    if (this.statementLimit < config.sendStatementLimit) {
      this.logger.warn(
        { send_statement_limit: config.sendStatementLimit, database_pool_size: config.databasePoolSize },
        'SEND_STATEMENT_LIMIT is above DATABASE_POOL_SIZE, so the pool size is used; raise DATABASE_POOL_SIZE to allow more',
      );
    }
  }

  /** Messages waiting for a statement. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Stores one message (outside a transaction) and resolves with its outcome. */
  write(draft: MessageDraft): Promise<WriteOutcome> {
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ draft, resolve, reject });
      this.startStatements();
    });
  }

  private startStatements(): void {
    while (this.running < this.statementLimit && this.queue.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) {
        return;
      }
      this.running++;
      for (const pending of batch) {
        this.busy.add(pending.draft.row.conversation_uuid);
      }
      void this.runBatch(batch).finally(() => {
        this.running--;
        for (const pending of batch) {
          this.busy.delete(pending.draft.row.conversation_uuid);
        }
        this.startStatements();
      });
    }
  }

  /** Takes the oldest waiting messages, at most one per conversation and none of a busy one. */
  private takeBatch(): PendingWrite[] {
    const batch: PendingWrite[] = [];
    const chosen = new Set<string>();
    let index = 0;
    while (index < this.queue.length && batch.length < this.batchLimit) {
      const conversation = this.queue[index].draft.row.conversation_uuid;
      if (this.busy.has(conversation) || chosen.has(conversation)) {
        index++;
        continue;
      }
      chosen.add(conversation);
      batch.push(this.queue.splice(index, 1)[0]);
    }
    return batch;
  }

  private async runBatch(batch: PendingWrite[]): Promise<void> {
    const manager = this.dataSource.manager;
    try {
      const outcomes = await this.store.writeMessages(
        manager,
        batch.map((pending) => pending.draft),
      );
      batch.forEach((pending, index) => pending.resolve(outcomes[index]));
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      const failure = error as { code?: string; message?: string };
      const details = { message_uuids: batch.map((pending) => pending.draft.row.uuid), code: failure.code, error: failure.message };
      const message = 'send statement failed as a whole, so its messages are written one at a time';
      // A client that resends a stored message is normal: it retries after a lost response.
      if (uniqueViolation(error) === 'pk_messages') {
        this.logger.info(details, message);
      } else {
        this.logger.warn(details, message);
      }
    }
    await Promise.all(
      batch.map(async (pending) => {
        try {
          pending.resolve(await this.store.writeMessage(manager, pending.draft));
        } catch (error) {
          pending.reject(error);
        }
      }),
    );
  }
}
