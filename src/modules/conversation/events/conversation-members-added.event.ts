import { DomainEvent } from '../../../common/events/domain-event';

/** Service users were added to a conversation through PP_UPDATE_CONVERSATION_MEMBER; they start OPEN. */
export class ConversationMembersAddedEvent implements DomainEvent {
  readonly eventType = 'ConversationMembersAdded';

  constructor(
    readonly appUuid: string,
    readonly conversationUuid: string,
    readonly userUuids: string[],
    /** The group the conversation was moved to in the same change, or null when it kept its group. */
    readonly groupUuid: string | null,
    readonly occurredAt: Date,
  ) {}

  payload() {
    return {
      conversation_uuid: this.conversationUuid,
      user_uuids: this.userUuids,
      group_uuid: this.groupUuid,
      occurred_at: this.occurredAt.toISOString(),
    };
  }
}
