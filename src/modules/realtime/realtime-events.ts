/** What nodes tell each other (over Redis) and what each node applies to its own sockets. */

/** A stored message to push: the outbox payload of MessageSent plus its app. */
export interface MessagePushEvent {
  kind: 'message';
  appUuid: string;
  messageUuid: string;
  fromUuid: string;
  compactBody: Record<string, unknown>;
}

export interface TypingEvent {
  kind: 'typing';
  appUuid: string;
  conversationUuid: string;
  userUuid: string;
}

export interface PresenceEvent {
  kind: 'presence';
  appUuid: string;
  userUuid: string;
  deviceUuid: string;
  isServiceUser: boolean;
  mobile: boolean;
  online: boolean;
  extraData: unknown;
  at: string;
}

/**
 * A device authenticated on a new socket, or an agent logged in on a newer device of the same
 * kind: the device's other sockets (on any node) are forced out.
 */
export interface DeviceTakenOverEvent {
  kind: 'takeover';
  deviceUuid: string;
  /** The new socket, which stays; null when every socket of the device goes (PPKEFU_LOGIN elsewhere). */
  sessionId: string | null;
}

/** An agent logged out of a device (PPKEFU_LOGOUT): its sockets, on any node, are closed. */
export interface DeviceLoggedOutEvent {
  kind: 'logout';
  deviceUuid: string;
}

/**
 * The waiting queue's news for a visitor's device: ACK what=CONVERSATION with code 11 (WAITING)
 * when it was queued, code 0 with `extra.conversation_uuid` when an agent was assigned.
 */
export interface ConversationAckEvent {
  kind: 'conversation-ack';
  appUuid: string;
  deviceUuid: string;
  code: number;
  extra: Record<string, unknown>;
}

export type RealtimeEvent = MessagePushEvent | TypingEvent | PresenceEvent | DeviceTakenOverEvent | DeviceLoggedOutEvent | ConversationAckEvent;
