import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent } from '../../common/events/domain-event';
import { OutboxService } from '../outbox/outbox.service';
import { ConversationProjector } from './read-models/conversation.projector';

export interface UnitOfWorkResult<T> {
  result: T;
  /** Events for the unit of work to project and record in the outbox. */
  events: DomainEvent[];
  /** Events the work projected and recorded itself (a stored message); they are only published. */
  recorded?: DomainEvent[];
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
    const { result, events, recorded = [] } = await this.dataSource.transaction(async (manager) => {
      const outcome = await work(manager);
      await this.projector.apply(manager, outcome.events);
      await this.outbox.record(manager, outcome.events);
      return outcome;
    });
    const published = [...events, ...recorded];
    if (published.length > 0) {
      this.eventBus.publishAll(published);
    }
    return result;
  }
}
