import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { uniqueViolation } from '../../../common/database/transaction';
import { DomainEvent } from '../../../common/events/domain-event';
import { createLogger } from '../../../common/logging/logger';
import { ApiError } from '../../../common/protocol/api-error';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { epochSeconds } from '../../../common/protocol/datetime';
import { ConversationAccess } from '../../conversation/conversation-access';
import { ConversationUnitOfWork } from '../../conversation/conversation-unit-of-work';
import { ConversationNotFoundError } from '../../conversation/conversation.errors';
import { ConversationEntity } from '../../conversation/entities/conversation.entity';
import { ConversationAssignedEvent } from '../../conversation/events/conversation-assigned.event';
import { MessageSentEvent } from '../../conversation/events/message-sent.event';
import { compactBody } from '../../conversation/message-rows';
import { ParticipantDirectory } from '../../conversation/participant-directory';
import { SendMessageDto } from '../dto/send-message.dto';
import { contentHash, validateBody } from '../message-content';
import { MessageAttachments } from '../../file/message-attachments';
import { MessageStore } from '../message-store';
import { DuplicateMessageSignal, MessageUuidConflictError } from '../message.errors';
import { SendMessageCommand, SentMessage } from './send-message.command';

/**
 * Stores a message exactly once per uuid. Everything happens in one transaction: the sequence
 * number, the message row, the members' statuses, one delivery per recipient device, the read
 * models and the outbox record, so
 * the sender's success means the message is durable.
 */
@CommandHandler(SendMessageCommand)
export class SendMessageHandler implements ICommandHandler<SendMessageCommand> {
  private readonly logger = createLogger(SendMessageHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: ConversationUnitOfWork,
    private readonly access: ConversationAccess,
    private readonly directory: ParticipantDirectory,
    private readonly store: MessageStore,
    private readonly attachments: MessageAttachments,
  ) {}

  async execute({ message, principal }: SendMessageCommand): Promise<SentMessage> {
    assertActsAs(principal, message.from_uuid);
    message.app_uuid = principal.appUuid;
    const body = validateBody(message);
    const hash = contentHash(message, body);

    // No look-up before the transaction: a resend is found there (the uuid is taken), rolled
    // back and returned as stored below, which keeps first sends one round trip shorter.
    try {
      return await this.unitOfWork.run((manager) => this.storeMessage(manager, message, body, hash));
    } catch (error) {
      if (error instanceof DuplicateMessageSignal || uniqueViolation(error) === 'pk_messages') {
        const stored = await this.existing(message.uuid, hash);
        if (stored) {
          return stored;
        }
      }
      throw error;
    }
  }

  /** Returns the stored message with this uuid when it is the same message; throws 44 when it is another one. */
  private async existing(uuid: string, hash: string): Promise<SentMessage | null> {
    const stored = await this.store.findByUuid(this.dataSource.manager, uuid);
    if (!stored) {
      return null;
    }
    if (stored.content_hash !== hash) {
      throw new MessageUuidConflictError(uuid);
    }
    this.logger.info({ message_uuid: uuid, conversation_uuid: stored.conversation_uuid }, 'message resent; already stored');
    return { uuid: stored.uuid, ts: epochSeconds(stored.createtime) };
  }

  /**
   * Writes the message in as few round trips as the checks allow. One query loads the
   * conversation, membership and device, and file subtypes check their attachment. One statement
   * numbers and stores the message with its members and deliveries, and the unit of work then
   * writes the read models and the outbox.
   */
  private async storeMessage(manager: EntityManager, message: SendMessageDto, body: string, hash: string): Promise<{ result: SentMessage; events: DomainEvent[] }> {
    const events: DomainEvent[] = [];
    const context = await this.store.loadSendContext(manager, message);
    if (!context || context.conversation.app_uuid !== message.app_uuid) {
      throw new ConversationNotFoundError(message.conversation_uuid, context ? 'belongs to another app' : 'not found');
    }
    if (!context.deviceBelongsToSender) {
      throw new ApiError(ApiErrorCode.NO_DEVICE, `device ${message.device_uuid} is not a device of user ${message.from_uuid}`);
    }
    if (!context.senderIsMember) {
      events.push(await this.joinFromTeamInbox(manager, context.conversation, message.from_uuid));
    }

    const storedBody = this.attachments.isAttachmentSubtype(message.message_subtype)
      ? await this.attachments.prepareBody(manager, message.app_uuid, message.message_subtype, body)
      : body;

    const now = new Date();
    const conversationType = message.conversation_type ?? context.conversation.conversation_type;
    // A uuid that is already taken means that a concurrent send of the same message (or a reuse)
    // won, so the transaction rolls back.
    const written = await this.store.writeMessage(manager, message, conversationType, storedBody, hash, now);
    if (!written) {
      throw new DuplicateMessageSignal();
    }
    const { row, memberUuids, deliveries } = written;
    const seq = Number(row.seq);
    events.push(new MessageSentEvent(message.app_uuid, context.conversation.uuid, row.uuid, seq, message.from_uuid, memberUuids, compactBody(row), now));
    this.logger.info({ message_uuid: row.uuid, conversation_uuid: context.conversation.uuid, seq, from_uuid: message.from_uuid, deliveries }, 'stored message');
    return { result: { uuid: row.uuid, ts: epochSeconds(now) }, events };
  }

  /**
   * Adds a service user of the app who replies in a visitor conversation of the team inbox as a
   * member. Anyone else who is not a member gets 26.
   */
  private async joinFromTeamInbox(manager: EntityManager, conversation: ConversationEntity, userUuid: string): Promise<DomainEvent> {
    const sender = await this.directory.find(conversation.app_uuid, userUuid, manager);
    if (!sender?.isService || conversation.conversation_type !== 'P2S' || conversation.team_status !== 'OPEN') {
      throw new ConversationNotFoundError(conversation.uuid, `user ${userUuid} is not a member`);
    }
    const now = new Date();
    await manager.query(
      `INSERT INTO conversation_members (uuid, app_uuid, conversation_uuid, user_uuid, conversation_type, conversation_name, conversation_icon,
                                         user_name, conversation_status, read_seq, createtime, updatetime)
       SELECT $1, c.app_uuid, c.uuid, $3, c.conversation_type, creator.user_fullname, creator.user_icon, $4, 'OPEN', 0, $5, $5
         FROM conversations c JOIN users creator ON creator.uuid = c.user_uuid
        WHERE c.uuid = $2
       ON CONFLICT (conversation_uuid, user_uuid) DO NOTHING`,
      [randomUUID(), conversation.uuid, userUuid, sender.fullname, now],
    );
    this.logger.info({ conversation_uuid: conversation.uuid, user_uuid: userUuid }, 'service user joined conversation from the team inbox');
    return new ConversationAssignedEvent(conversation.app_uuid, conversation.uuid, userUuid, now);
  }
}
