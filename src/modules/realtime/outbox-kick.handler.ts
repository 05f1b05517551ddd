import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { MessageSentEvent } from '../conversation/events/message-sent.event';
import { OutboxRelay } from './outbox-relay';

/** A committed message starts the relay at once instead of waiting for its sweep. */
@EventsHandler(MessageSentEvent)
export class OutboxKickHandler implements IEventHandler<MessageSentEvent> {
  constructor(private readonly relay: OutboxRelay) {}

  handle(): void {
    this.relay.kick();
  }
}
