import { DomainEvent } from '../../../common/events/domain-event';

export class ConversationCreatedEvent implements DomainEvent {
  readonly eventType = 'ConversationCreated';

  constructor(
    readonly appUuid: string,
    readonly conversationUuid: string,
    readonly creatorUuid: string,
    readonly conversationType: string,
    readonly memberUuids: string[],
    readonly occurredAt: Date,
  ) {}

  payload() {
    return {
      conversation_uuid: this.conversationUuid,
      creator_uuid: this.creatorUuid,
      conversation_type: this.conversationType,
      member_uuids: this.memberUuids,
      occurred_at: this.occurredAt.toISOString(),
    };
  }
}
