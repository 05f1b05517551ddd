import { DomainEvent } from '../../../common/events/domain-event';

/**
 * A visitor was put in (or stayed in) the waiting queue. Recorded in the outbox with the entry,
 * so the visitor's socket hears ACK CONVERSATION code 11 (WAITING) wherever it is connected.
 */
export class VisitorQueuedEvent implements DomainEvent {
  readonly eventType = 'VisitorQueued';

  constructor(
    readonly appUuid: string,
    readonly userUuid: string,
    readonly deviceUuid: string,
    readonly groupUuid: string | null,
  ) {}

  payload() {
    return { user_uuid: this.userUuid, device_uuid: this.deviceUuid, group_uuid: this.groupUuid };
  }
}
