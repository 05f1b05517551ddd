/**
 * WebSocket ACK codes of the original server's first version. Later versions renumbered them
 * from 9 on, but the stock widget hard-codes the first numbering (WAITING = 11).
 */
export enum DisCode {
  NOERR = 0,
  NOUUIDS = 1,
  NOSERVICE = 2,
  NOEXTRA = 3,
  PARAM = 4,
  TYPE = 5,
  JSON = 6,
  MESSAGE = 7,
  NOTOKEN = 8,
  WRLEVEL = 9,
  CONVERSATION = 10,
  /** ppcom compares against 11 to show its "waiting for an agent" panel. */
  WAITING = 11,
  CONVERSATION_NO_GROUP = 12,
  CONVERSATION_NO_USER = 13,
}

const REASONS: Record<DisCode, string> = {
  [DisCode.NOERR]: 'success, nothing to say.',
  [DisCode.NOUUIDS]: 'no app_uuid/user_uuid/device_uuid.',
  [DisCode.NOSERVICE]: 'no service/portal type.',
  [DisCode.NOEXTRA]: 'no extra data for portal user.',
  [DisCode.PARAM]: 'parameters error.',
  [DisCode.TYPE]: 'no type provided or type is unknown.',
  [DisCode.JSON]: 'message data is not JSON.',
  [DisCode.MESSAGE]: 'message content is illegal.',
  [DisCode.NOTOKEN]: 'no api auth token provided.',
  [DisCode.WRLEVEL]: 'wrong api auth level.',
  [DisCode.CONVERSATION]: 'can not create conversation.',
  [DisCode.WAITING]: 'keep waiting to create conversation.',
  [DisCode.CONVERSATION_NO_GROUP]: 'error to create conversation for no group',
  [DisCode.CONVERSATION_NO_USER]: 'error to create conversation for no user',
};

export type AckWhat = 'AUTH' | 'SEND' | 'WS' | 'TYPING_WATCH' | 'CONVERSATION';

export interface AckFrame {
  type: 'ACK';
  what: AckWhat;
  code: DisCode;
  reason: string;
  extra: unknown;
}

export function ackFrame(what: AckWhat, code: DisCode, extra: unknown = null): AckFrame {
  return { type: 'ACK', what, code, reason: REASONS[code], extra };
}

/** The SYS/LOGOUT push that instructs an older socket of the same device to disconnect. */
export function logoutFrame(deviceUuid: string): Record<string, unknown> {
  return { type: 'MSG', msg: { mt: 'SYS', ms: 'LOGOUT', bo: deviceUuid } };
}

export function typingFrame(userUuid: string, conversationUuid: string): Record<string, unknown> {
  return { type: 'TYPING', user_uuid: userUuid, conversation_uuid: conversationUuid };
}

/** Largest accepted frame (256 KiB); a larger one closes the socket with 1009. */
export const MAX_FRAME_BYTES = 256 * 1024;

/** A socket whose unsent data grows past this is closed; the client catches up over HTTP. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Close codes used by the server. */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tryAgainLater: 1013,
} as const;
