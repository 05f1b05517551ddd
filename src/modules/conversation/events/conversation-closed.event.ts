import { DomainEvent } from '../../../common/events/domain-event';

/** A member closed the conversation; `forTeam` is set when that member is a service user. */
export class ConversationClosedEvent implements DomainEvent {
  readonly eventType = 'ConversationClosed';

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
