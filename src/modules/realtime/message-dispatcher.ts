import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createLogger } from '../../common/logging/logger';
import { epochSecondsInteger } from '../../common/protocol/datetime';
import { MessagePushEvent } from './realtime-events';
import { SocketRegistry } from './socket-registry';

/**
 * How long a sender card is fresh, and how many are kept. An older card is still used while a
 * new one is read in the background, so a renamed user shows the new name from the first message
 * after the refresh, at most this long plus one message later.
 */
const SENDER_CACHE_MS = 10_000;
const SENDER_CACHE_SIZE = 10_000;

interface DeliveryRow {
  uuid: string;
  device_uuid: string;
}

interface SenderRow {
  uuid: string;
  user_icon: string | null;
  user_email: string | null;
  user_fullname: string | null;
  updatetime: Date;
}

/**
 * Pushes a stored message to this node's sockets: one `MSG` frame per delivery of a device that
 * has a socket here, with `pid` = the delivery's uuid. Pushing twice sends the same `pid`, which
 * clients use to drop the repeat.
 */
@Injectable()
export class MessageDispatcher {
  private readonly logger = createLogger(MessageDispatcher.name);
  /**
   * One push chain per conversation: its messages are pushed one after another so their frames
   * keep conversation order, while different conversations are pushed concurrently.
   */
  private readonly chains = new Map<string, Promise<void>>();
  /** Sender cards by app and user, kept briefly: a conversation's messages mostly share senders. */
  private readonly senders = new Map<string, { card: Record<string, unknown>; until: number; refreshing: boolean }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SocketRegistry,
  ) {}

  /** Pushes one message after reading its deliveries. */
  dispatch(event: MessagePushEvent): Promise<void> {
    return this.dispatchAll([event]);
  }

  /**
   * Pushes several messages, in the given order within each conversation, with one query for the
   * deliveries of them all. The outbox relay hands over a whole batch this way, so its cost per
   * message does not include a round trip.
   */
  async dispatchAll(events: MessagePushEvent[]): Promise<void> {
    const local = events.filter((event) => this.registry.hasApp(event.appUuid));
    if (local.length === 0) {
      return;
    }
    const deliveries = await this.unackedDeliveries(local.map((event) => event.messageUuid));
    await Promise.all(local.map((event) => this.enqueue(event, deliveries.get(event.messageUuid) ?? [])));
  }

  /** Pushes a message whose deliveries are known, as the statement that stored it returned them. */
  dispatchKnown(event: MessagePushEvent, deliveries: DeliveryRow[]): Promise<void> {
    if (deliveries.length === 0 || !this.registry.hasApp(event.appUuid)) {
      return Promise.resolve();
    }
    return this.enqueue(event, deliveries);
  }

  private enqueue(event: MessagePushEvent, deliveries: DeliveryRow[]): Promise<void> {
    const key = String(event.compactBody.ci ?? event.messageUuid);
    const previous = this.chains.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.push(event, deliveries));
    const settled = run.catch((error: unknown) => this.logger.error({ err: error, message_uuid: event.messageUuid }, 'message push failed'));
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) {
        this.chains.delete(key);
      }
    });
    return run;
  }

  /** Reads the unacknowledged deliveries of the messages, grouped by message uuid. */
  private async unackedDeliveries(messageUuids: string[]): Promise<Map<string, DeliveryRow[]>> {
    const rows: (DeliveryRow & { message_uuid: string })[] = await this.dataSource.query(
      `SELECT message_uuid, uuid, device_uuid FROM deliveries WHERE message_uuid = ANY($1::uuid[]) AND acked_at IS NULL`,
      [messageUuids],
    );
    const byMessage = new Map<string, DeliveryRow[]>();
    for (const row of rows) {
      const list = byMessage.get(row.message_uuid);
      if (list) {
        list.push(row);
      } else {
        byMessage.set(row.message_uuid, [row]);
      }
    }
    return byMessage;
  }

  /** Sends one `MSG` frame to each socket here of a device with a delivery, if the socket belongs to the message's app. */
  private async push(event: MessagePushEvent, deliveries: DeliveryRow[]): Promise<void> {
    const targets = deliveries.flatMap((delivery) =>
      this.registry
        .ofDevice(delivery.device_uuid)
        .filter((session) => session.identity?.appUuid === event.appUuid)
        .map((session) => ({ session, pid: delivery.uuid })),
    );
    if (targets.length === 0) {
      return;
    }
    const fromUser = await this.sender(event.appUuid, event.fromUuid);
    for (const { session, pid } of targets) {
      this.registry.send(session, { type: 'MSG', msg: { ...event.compactBody, pid, from_user: fromUser } });
    }
    this.logger.debug({ message_uuid: event.messageUuid, deliveries: deliveries.length, frames: targets.length }, 'pushed message');
  }

  /** Returns the sender's public card (uuid, icon, email, full name, update time), never a secret. */
  private async sender(appUuid: string, userUuid: string): Promise<Record<string, unknown>> {
    const key = `${appUuid}:${userUuid}`;
    const cached = this.senders.get(key);
    if (cached) {
      // A stale card does not hold up the push, because that would stall every later message
      // of the conversation behind one query. It is refreshed for the next message instead.
      if (cached.until <= Date.now() && !cached.refreshing) {
        cached.refreshing = true;
        this.loadSender(appUuid, userUuid).then(
          (card) => this.remember(key, card),
          (error: unknown) => {
            cached.refreshing = false;
            this.logger.warn({ err: error, user_uuid: userUuid }, 'refreshing a sender card failed; the old one stays in use');
          },
        );
      }
      return cached.card;
    }
    const card = await this.loadSender(appUuid, userUuid);
    this.remember(key, card);
    return card;
  }

  private remember(key: string, card: Record<string, unknown>): void {
    if (!this.senders.has(key) && this.senders.size >= SENDER_CACHE_SIZE) {
      this.senders.delete(this.senders.keys().next().value as string);
    }
    this.senders.set(key, { card, until: Date.now() + SENDER_CACHE_MS, refreshing: false });
  }

  private async loadSender(appUuid: string, userUuid: string): Promise<Record<string, unknown>> {
    const rows: SenderRow[] = await this.dataSource.query(
      `SELECT u.uuid, u.user_icon, u.user_email, u.user_fullname, u.updatetime
         FROM users u JOIN app_users m ON m.user_uuid = u.uuid AND m.app_uuid = $1
        WHERE u.uuid = $2`,
      [appUuid, userUuid],
    );
    const row = rows[0];
    return {
      uuid: userUuid,
      user_icon: row?.user_icon ?? null,
      user_email: row?.user_email ?? null,
      user_fullname: row?.user_fullname ?? null,
      updatetime: row ? epochSecondsInteger(row.updatetime) : null,
    };
  }
}
