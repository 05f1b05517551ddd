import { Transform } from 'class-transformer';
import { IsDefined, IsString, Matches } from 'class-validator';
import { OptionalEnum, OptionalUuid, RequiredEnum, RequiredString, RequiredUuid } from '../../../common/validation/protocol-validators';

const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

/** Object types of senders and recipients; the original's load test also sent conversation types. */
export const TO_TYPES = ['DU', 'OG', 'AP', 'AG', 'AU', 'DG', 'CV', 'P2S', 'S2P', 'S2S'];

/** The message object of PP_SEND_MESSAGE and of the WebSocket `send` frame. */
export class SendMessageDto {
  @RequiredUuid()
  app_uuid: string;

  /** Client-made message id: the idempotency key. */
  @RequiredUuid()
  uuid: string;

  @RequiredUuid()
  conversation_uuid: string;

  @RequiredUuid()
  from_uuid: string;

  @RequiredEnum(['DU'])
  from_type: string;

  @RequiredString(64)
  to_uuid: string;

  @RequiredEnum(TO_TYPES)
  to_type: string;

  /** Clients send NOTI for chat; SYS messages come only from the server. */
  @Transform(upperCase)
  @RequiredEnum(['NOTI', 'ACT'])
  message_type: string;

  @Transform(upperCase)
  @IsDefined()
  @IsString()
  @Matches(/^[A-Z_]{1,32}$/)
  message_subtype: string;

  /** Checked by the handler per subtype (length, control characters). */
  @IsDefined()
  @IsString()
  message_body: string;

  @OptionalEnum(['P2S', 'S2P', 'S2S'])
  conversation_type?: string;

  @OptionalUuid()
  device_uuid?: string;
}
