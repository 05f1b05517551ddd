import { createHash } from 'node:crypto';
import { codePointLength, LIMITS } from '../../common/validation/protocol-validators';
import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';
import { IllegalMessageError } from './message.errors';
import { SendMessageDto } from './dto/send-message.dto';

/** Subtypes whose body names an uploaded file; the send path checks the file in its transaction. */
const FILE_SUBTYPES = new Set(['TXT', 'IMAGE', 'AUDIO', 'DOCUMENT', 'FILE']);

/** Largest JSON body of a file message, in code points; real bodies are well under 1 KiB. */
const MAX_FILE_BODY = 4096;

/** C0 control characters other than tab, line feed and carriage return. */
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * Checks the body for its subtype. TEXT is returned as it will be stored, and a file subtype's
 * JSON is returned as sent for the attachment check. VIDEO and the other subtypes are 16.
 */
export function validateBody(message: SendMessageDto): string {
  if (message.message_subtype === 'TEXT') {
    if (message.message_body.length === 0) {
      throw new ApiError(ApiErrorCode.INVALID_PARA, 'message_body of a TEXT message is empty');
    }
    if (codePointLength(message.message_body) > LIMITS.text) {
      throw new ApiError(ApiErrorCode.INVALID_PARA, `message_body exceeds ${LIMITS.text} characters`);
    }
    if (FORBIDDEN_CONTROL.test(message.message_body)) {
      throw new ApiError(ApiErrorCode.INVALID_PARA, 'message_body contains a control character');
    }
    return message.message_body;
  }
  if (FILE_SUBTYPES.has(message.message_subtype)) {
    if (codePointLength(message.message_body) > MAX_FILE_BODY) {
      throw new ApiError(ApiErrorCode.INVALID_PARA, `message_body of a ${message.message_subtype} message exceeds ${MAX_FILE_BODY} characters`);
    }
    return message.message_body;
  }
  throw new IllegalMessageError(`subtype ${message.message_subtype} cannot be sent`);
}

/**
 * Fingerprint of what makes a retry "the same message": app, conversation, sender, types and
 * body. A stored message with the same uuid but another fingerprint is a conflict.
 */
export function contentHash(message: SendMessageDto, body: string): string {
  return createHash('sha256')
    .update(JSON.stringify([message.app_uuid, message.conversation_uuid, message.from_uuid, message.message_type, message.message_subtype, body]))
    .digest('hex');
}
