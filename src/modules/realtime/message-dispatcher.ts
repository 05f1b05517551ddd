import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createLogger } from '../../common/logging/logger';
import { epochSecondsInteger } from '../../common/protocol/datetime';
import { MessagePushEvent } from './realtime-events';
import { SocketRegistry } from './socket-registry';

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
  /** Messages are pushed one after another, so a conversation's frames keep their order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SocketRegistry,
  ) {}

  dispatch(event: MessagePushEvent): Promise<void> {
    const run = this.chain.then(() => this.push(event));
    this.chain = run.catch((error: unknown) => this.logger.error({ err: error, message_uuid: event.messageUuid }, 'message push failed'));
    return run;
  }

  private async push(event: MessagePushEvent): Promise<void> {
    const devices = this.registry.devicesOfApp(event.appUuid);
    if (devices.length === 0) {
      return;
    }
    const deliveries: { uuid: string; device_uuid: string }[] = await this.dataSource.query(
      `SELECT uuid, device_uuid FROM deliveries
        WHERE message_uuid = $1 AND app_uuid = $2 AND device_uuid = ANY($3::uuid[]) AND acked_at IS NULL`,
      [event.messageUuid, event.appUuid, devices],
    );
    if (deliveries.length === 0) {
      return;
    }
    const fromUser = await this.sender(event.appUuid, event.fromUuid);
    let frames = 0;
    for (const delivery of deliveries) {
      for (const session of this.registry.ofDevice(delivery.device_uuid)) {
        this.registry.send(session, { type: 'MSG', msg: { ...event.compactBody, pid: delivery.uuid, from_user: fromUser } });
        frames++;
      }
    }
    this.logger.debug({ message_uuid: event.messageUuid, deliveries: deliveries.length, frames }, 'pushed message');
  }

  /** The sender's public card (reference §8.2); never a secret. */
  private async sender(appUuid: string, userUuid: string): Promise<Record<string, unknown>> {
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
