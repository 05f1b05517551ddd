import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { MessageSentEvent } from '../conversation/events/message-sent.event';
import { VisitorQueuedEvent } from '../waiting-queue/events/visitor-queued.event';
import { WaitingVisitorAssignedEvent } from '../waiting-queue/events/waiting-visitor-assigned.event';
import { OutboxRelay } from './outbox-relay';

/** A committed waiting-queue change starts the relay at once instead of waiting for its sweep. */
@EventsHandler(VisitorQueuedEvent, WaitingVisitorAssignedEvent)
export class OutboxKickHandler implements IEventHandler<VisitorQueuedEvent | WaitingVisitorAssignedEvent> {
  constructor(private readonly relay: OutboxRelay) {}

  handle(): void {
    this.relay.kick();
  }
}

/** A message stored on this node is pushed from here at once; the relay only covers failures. */
@EventsHandler(MessageSentEvent)
export class MessagePublishHandler implements IEventHandler<MessageSentEvent> {
  constructor(private readonly relay: OutboxRelay) {}

  handle(event: MessageSentEvent): Promise<void> {
    return this.relay.publishStored(event);
  }
}
