import { DomainEvent } from '../../../common/events/domain-event';

/** A service user joined a conversation from the team inbox (by answering it). */
export class ConversationAssignedEvent implements DomainEvent {
  readonly eventType = 'ConversationAssigned';

  constructor(
    readonly appUuid: string,
    readonly conversationUuid: string,
    readonly userUuid: string,
    readonly occurredAt: Date,
  ) {}

  payload() {
    return { conversation_uuid: this.conversationUuid, user_uuid: this.userUuid, occurred_at: this.occurredAt.toISOString() };
  }
}
