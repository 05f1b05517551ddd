import { DomainEvent } from '../../../common/events/domain-event';

/**
 * A waiting visitor got a conversation. Recorded in the outbox in the transaction that creates
 * the conversation and deletes the queue entry, so the ACK CONVERSATION code 0 push cannot be lost.
 */
export class WaitingVisitorAssignedEvent implements DomainEvent {
  readonly eventType = 'WaitingVisitorAssigned';

  constructor(
    readonly appUuid: string,
    readonly userUuid: string,
    readonly deviceUuid: string,
    readonly conversationUuid: string,
  ) {}

  payload() {
    return { user_uuid: this.userUuid, device_uuid: this.deviceUuid, conversation_uuid: this.conversationUuid };
  }
}
