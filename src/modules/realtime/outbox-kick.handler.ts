import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { MessageSentEvent } from '../conversation/events/message-sent.event';
import { VisitorQueuedEvent } from '../waiting-queue/events/visitor-queued.event';
import { WaitingVisitorAssignedEvent } from '../waiting-queue/events/waiting-visitor-assigned.event';
import { OutboxRelay } from './outbox-relay';

/** A committed message or waiting-queue change starts the relay at once instead of waiting for its sweep. */
@EventsHandler(MessageSentEvent, VisitorQueuedEvent, WaitingVisitorAssignedEvent)
export class OutboxKickHandler implements IEventHandler<MessageSentEvent> {
  constructor(private readonly relay: OutboxRelay) {}

  handle(): void {
    this.relay.kick();
  }
}
