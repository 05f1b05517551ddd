import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { createLogger } from '../../common/logging/logger';
import { MessageSentEvent } from '../conversation/events/message-sent.event';
import { RealtimeFanout } from './realtime-fanout';
import { MessagePushEvent } from './realtime-events';
import { servesHttp } from './serves-http';
import { DisCode } from './ws-frames';

/** Rows claimed per transaction. */
const BATCH_SIZE = 100;
/** The sweep that publishes what a kick missed, e.g. rows committed just before a crash. */
const SWEEP_INTERVAL_MS = 500;
/**
 * How long a stored message's row is left to the node that stored it, which pushes it at once
 * and then deletes the row. Older rows are that node's failures (a crash, a lost database
 * connection) and any node's relay publishes them.
 */
const OWNER_GRACE_SECONDS = 2;
/** Published rows of this node's own messages are deleted together, after at most this long. */
const DELETE_DELAY_MS = 50;

interface OutboxRow {
  id: string;
  app_uuid: string;
  event_type: string;
  payload: {
    message_uuid: string;
    from_uuid: string;
    compact_body: Record<string, unknown>;
    device_uuid: string;
    conversation_uuid: string;
  };
}

/**
 * Publishes outbox rows.
 *
 * A message stored on this node is pushed at once from the statement's result, which lists its
 * deliveries (`publishStored`). Its row is then deleted in a batch with others. Only if that
 * push fails does the row stay, and after a grace period any node's relay publishes it.
 *
 * The relay claims rows in id order with `FOR UPDATE SKIP LOCKED`, so several nodes share the
 * work. It pushes each MessageSent, and the waiting queue's VisitorQueued and
 * WaitingVisitorAssigned as ACK CONVERSATION, here and to the other nodes. Then it deletes the
 * rows in the same transaction. Events no one pushes (the conversation events) are deleted
 * unread. A crash before the commit leaves the rows for the next sweep, so a push can be late or
 * repeated (same `pid`), never lost. A committed waiting-queue change kicks the relay at once,
 * and the sweep every 500 ms catches the rest.
 *
 * OUTBOX_RELAY_DISABLED=1 switches publishing off. It is a fault-injection setting for tests
 * (a message committed but not pushed, as after a crash); never set it in production.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger(OutboxRelay.name);
  private readonly disabled = ['1', 'true'].includes((process.env.OUTBOX_RELAY_DISABLED ?? '').trim().toLowerCase());
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Ids of rows this node published itself, waiting to be deleted. */
  private published: string[] = [];
  private deleteTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fanout: RealtimeFanout,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    if (!servesHttp(this.adapterHost)) {
      this.stopped = true;
      return;
    }
    if (this.disabled) {
      this.logger.warn('OUTBOX_RELAY_DISABLED is set: stored messages are not pushed (fault injection for tests)');
      return;
    }
    this.timer = setInterval(() => this.kick(), SWEEP_INTERVAL_MS);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running;
    await this.deletePublished();
  }

  /**
   * Pushes a message this node has just stored, here and to the other nodes, with the deliveries
   * the statement returned, and queues its outbox row for deletion. A failure leaves the row to
   * the relay, which publishes it after the grace period.
   */
  async publishStored(event: MessageSentEvent): Promise<void> {
    const publication = event.publication;
    if (this.disabled || this.stopped || !publication) {
      return;
    }
    try {
      await this.fanout.publishStored(
        { kind: 'message', appUuid: event.appUuid, messageUuid: event.messageUuid, fromUuid: event.fromUuid, compactBody: event.compactBody },
        publication.deliveries,
      );
    } catch (error) {
      this.logger.warn({ err: error, message_uuid: event.messageUuid }, 'push of a stored message failed; the relay publishes it later');
      return;
    }
    this.published.push(publication.outboxId);
    if (this.published.length >= BATCH_SIZE) {
      void this.deletePublished();
    } else if (!this.deleteTimer) {
      this.deleteTimer = setTimeout(() => void this.deletePublished(), DELETE_DELAY_MS);
      // A push that finishes during shutdown must not keep the process alive for this.
      this.deleteTimer.unref();
    }
  }

  /** Deletes the rows this node published itself. If that fails, the relay publishes them again later. */
  private async deletePublished(): Promise<void> {
    if (this.deleteTimer) {
      clearTimeout(this.deleteTimer);
      this.deleteTimer = null;
    }
    const ids = this.published;
    this.published = [];
    if (ids.length === 0) {
      return;
    }
    try {
      await this.dataSource.query(`DELETE FROM outbox_events WHERE id = ANY($1::bigint[])`, [ids]);
    } catch (error) {
      this.logger.warn({ err: error, count: ids.length }, 'deleting published outbox rows failed; they will be published again');
    }
  }

  /** Starts a drain, or asks the running one to look again when it is done. */
  kick(): void {
    if (this.disabled || this.stopped) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
    });
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped && (await this.publishBatch()) === BATCH_SIZE) {
          // A full batch: there may be more.
        }
      } while (this.again && !this.stopped);
    } catch (error) {
      this.logger.error({ err: error }, 'outbox relay failed; the next sweep retries');
    }
  }

  /**
   * Publishes one batch in one transaction of two round trips: BEGIN with the claim, then the
   * deletion with COMMIT. Both go as simple multi-statement queries. The ids in the deletion are
   * bigints read from the claim, so they are written into the query text as numbers.
   */
  private async publishBatch(): Promise<number> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client = await pool.connect();
    let open = true;
    try {
      const [, claimed] = (await client.query(
        `BEGIN; SELECT id, app_uuid, event_type, payload FROM outbox_events
                 WHERE event_type <> 'MessageSent' OR created_at < now() - interval '${OWNER_GRACE_SECONDS} seconds'
                 ORDER BY id LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`,
      )) as unknown as [QueryResult, QueryResult<OutboxRow>];
      const rows = claimed.rows;
      if (rows.length === 0) {
        await client.query('COMMIT');
        open = false;
        return 0;
      }
      await this.publishRows(rows);
      const ids = rows.map((row) => BigInt(row.id).toString()).join(',');
      await client.query(`DELETE FROM outbox_events WHERE id IN (${ids}); COMMIT`);
      open = false;
      this.logger.debug({ first_id: rows[0].id, count: rows.length }, 'published outbox events');
      return rows.length;
    } finally {
      if (open) {
        // A connection that cannot roll back is dropped from the pool rather than reused.
        const failure = await client.query('ROLLBACK').then(
          () => undefined,
          (rollbackError: Error) => rollbackError,
        );
        client.release(failure);
      } else {
        client.release();
      }
    }
  }

  /** Publishes rows in id order. Consecutive messages go together, so their deliveries are read with one query. */
  private async publishRows(rows: OutboxRow[]): Promise<void> {
    let messages: MessagePushEvent[] = [];
    for (const row of rows) {
      if (row.event_type === 'MessageSent') {
        messages.push({
          kind: 'message',
          appUuid: row.app_uuid,
          messageUuid: row.payload.message_uuid,
          fromUuid: row.payload.from_uuid,
          compactBody: row.payload.compact_body,
        });
        continue;
      }
      await this.fanout.publishMessages(messages);
      messages = [];
      if (row.event_type === 'VisitorQueued') {
        await this.fanout.publish({ kind: 'conversation-ack', appUuid: row.app_uuid, deviceUuid: row.payload.device_uuid, code: DisCode.WAITING, extra: {} });
      } else if (row.event_type === 'WaitingVisitorAssigned') {
        await this.fanout.publish({
          kind: 'conversation-ack',
          appUuid: row.app_uuid,
          deviceUuid: row.payload.device_uuid,
          code: DisCode.NOERR,
          extra: { conversation_uuid: row.payload.conversation_uuid },
        });
      }
    }
    await this.fanout.publishMessages(messages);
  }
}
