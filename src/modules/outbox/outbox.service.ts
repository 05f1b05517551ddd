import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../../common/database/transaction';
import { DomainEvent } from '../../common/events/domain-event';

/** Records domain events in the caller's transaction, so they survive a crash after the commit. */
@Injectable()
export class OutboxService {
  async record(manager: EntityManager, events: DomainEvent[]): Promise<void> {
    if (events.length === 0) {
      return;
    }
    await preparedQuery(
      manager,
      'outbox_record',
      `INSERT INTO outbox_events (app_uuid, event_type, payload)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::jsonb[])`,
      [events.map((event) => event.appUuid), events.map((event) => event.eventType), events.map((event) => JSON.stringify(event.payload()))],
    );
  }
}
