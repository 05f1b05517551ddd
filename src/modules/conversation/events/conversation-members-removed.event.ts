import { DomainEvent } from '../../../common/events/domain-event';

/** Members were removed from a conversation through PP_UPDATE_CONVERSATION_MEMBER. */
export class ConversationMembersRemovedEvent implements DomainEvent {
  readonly eventType = 'ConversationMembersRemoved';

  constructor(
    readonly appUuid: string,
    readonly conversationUuid: string,
    readonly userUuids: string[],
    readonly occurredAt: Date,
  ) {}

  payload() {
    return { conversation_uuid: this.conversationUuid, user_uuids: this.userUuids, occurred_at: this.occurredAt.toISOString() };
  }
}
