import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent } from '../../common/events/domain-event';
import { OutboxService } from '../outbox/outbox.service';
import { ConversationProjector } from './read-models/conversation.projector';

export interface UnitOfWorkResult<T> {
  result: T;
  events: DomainEvent[];
}

/**
 * Runs a conversation or message change in one transaction together with its read-model
 * projection and its outbox records, then publishes the events in-process after the commit.
 */
@Injectable()
export class ConversationUnitOfWork {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projector: ConversationProjector,
    private readonly outbox: OutboxService,
    private readonly eventBus: EventBus,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<UnitOfWorkResult<T>>): Promise<T> {
    const { result, events } = await this.dataSource.transaction(async (manager) => {
      const outcome = await work(manager);
      await this.projector.apply(manager, outcome.events);
      await this.outbox.record(manager, outcome.events);
      return outcome;
    });
    if (events.length > 0) {
      this.eventBus.publishAll(events);
    }
    return result;
  }
}
