import { epochSeconds, formatDatetime } from '../../common/protocol/datetime';

/** A stored message as read from the `messages` table. */
export interface MessageRow {
  uuid: string;
  app_uuid: string;
  conversation_uuid: string;
  seq: string | number;
  conversation_type: string;
  from_uuid: string;
  from_type: string;
  from_device_uuid: string | null;
  to_uuid: string;
  to_type: string;
  message_type: string;
  message_subtype: string;
  title: string | null;
  body: string;
  createtime: Date;
}

/**
 * The compact body clients parse (`id`, `ci`, …, `ts` in float epoch seconds). As in the
 * original, an agent's message in a visitor conversation (`ct` S2P) is addressed to the app.
 */
export function compactBody(message: MessageRow): Record<string, unknown> {
  const toApp = message.conversation_type === 'S2P';
  return {
    id: message.uuid,
    ci: message.conversation_uuid,
    ct: message.conversation_type,
    ft: message.from_type,
    fi: message.from_uuid,
    tt: toApp ? 'AP' : message.to_type,
    ti: toApp ? message.app_uuid : message.to_uuid,
    mt: message.message_type,
    ms: message.message_subtype,
    tl: message.title,
    bo: message.body,
    ts: epochSeconds(message.createtime),
  };
}

/** The full message row of lists and history, with the compact body as a JSON string. */
export function presentMessageRow(message: MessageRow): Record<string, unknown> {
  return {
    uuid: message.uuid,
    app_uuid: message.app_uuid,
    conversation_uuid: message.conversation_uuid,
    conversation_type: message.conversation_type,
    from_uuid: message.from_uuid,
    from_type: message.from_type,
    from_device_uuid: message.from_device_uuid,
    to_device_uuid: null,
    to_uuid: message.to_uuid,
    to_type: message.to_type,
    message_type: message.message_type,
    message_subtype: message.message_subtype,
    title: message.title,
    body: message.body,
    message_body: JSON.stringify(compactBody(message)),
    task_status: 'PROCESSED',
    is_development: false,
    seq: Number(message.seq),
    createtime: formatDatetime(message.createtime),
    updatetime: formatDatetime(message.createtime),
  };
}

export const MESSAGE_COLUMNS = `uuid, app_uuid, conversation_uuid, seq, conversation_type, from_uuid, from_type, from_device_uuid,
  to_uuid, to_type, message_type, message_subtype, title, body, createtime`;
