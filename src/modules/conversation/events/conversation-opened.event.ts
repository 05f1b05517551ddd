import { DomainEvent } from '../../../common/events/domain-event';

/** A member re-opened the conversation; `forTeam` is set when that member is a service user. */
export class ConversationOpenedEvent implements DomainEvent {
  readonly eventType = 'ConversationOpened';

  constructor(
    readonly appUuid: string,
    readonly conversationUuid: string,
    readonly userUuid: string,
    readonly forTeam: boolean,
    readonly occurredAt: Date,
  ) {}

  payload() {
    return { conversation_uuid: this.conversationUuid, user_uuid: this.userUuid, for_team: this.forTeam, occurred_at: this.occurredAt.toISOString() };
  }
}
