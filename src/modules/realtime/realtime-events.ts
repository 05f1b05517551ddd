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

/** A device authenticated on a new socket: its older sockets (on any node) are forced out. */
export interface DeviceTakenOverEvent {
  kind: 'takeover';
  deviceUuid: string;
  /** The new socket, which stays. */
  sessionId: string;
}

export type RealtimeEvent = MessagePushEvent | TypingEvent | PresenceEvent | DeviceTakenOverEvent;
