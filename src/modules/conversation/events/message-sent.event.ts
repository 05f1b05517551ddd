import { DomainEvent } from '../../../common/events/domain-event';

/** Outbox row and deliveries of a message a node has just stored, enough to push it without a query. */
export interface MessagePublication {
  outboxId: string;
  deliveries: { uuid: string; device_uuid: string }[];
}

/**
 * A message was stored. It lives beside the conversation events because the conversation's
 * read models are projected from it; the Message module emits it.
 */
export class MessageSentEvent implements DomainEvent {
  readonly eventType = 'MessageSent';

  constructor(
    readonly appUuid: string,
    readonly conversationUuid: string,
    readonly messageUuid: string,
    readonly seq: number,
    readonly fromUuid: string,
    readonly memberUuids: string[],
    /** The compact body (`id`, `ci`, `ct`, …, `ts`) that clients receive. */
    readonly compactBody: Record<string, unknown>,
    readonly occurredAt: Date,
    /** Set on the node that stored the message; null when the event is only a description of it. */
    readonly publication: MessagePublication | null = null,
  ) {}

  payload() {
    return {
      conversation_uuid: this.conversationUuid,
      message_uuid: this.messageUuid,
      seq: this.seq,
      from_uuid: this.fromUuid,
      member_uuids: this.memberUuids,
      compact_body: this.compactBody,
      occurred_at: this.occurredAt.toISOString(),
    };
  }
}
