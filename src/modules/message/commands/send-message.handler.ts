import { randomUUID } from 'node:crypto';
import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { uniqueViolation } from '../../../common/database/transaction';
import { DomainEvent } from '../../../common/events/domain-event';
import { createLogger } from '../../../common/logging/logger';
import { ApiError } from '../../../common/protocol/api-error';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { epochSeconds } from '../../../common/protocol/datetime';
import { ConversationUnitOfWork, UnitOfWorkResult } from '../../conversation/conversation-unit-of-work';
import { ConversationNotFoundError } from '../../conversation/conversation.errors';
import { ConversationEntity } from '../../conversation/entities/conversation.entity';
import { ConversationAssignedEvent } from '../../conversation/events/conversation-assigned.event';
import { MessageSentEvent } from '../../conversation/events/message-sent.event';
import { compactBody } from '../../conversation/message-rows';
import { ParticipantDirectory } from '../../conversation/participant-directory';
import { MessageAttachments } from '../../file/message-attachments';
import { SendMessageDto } from '../dto/send-message.dto';
import { MessageEntity } from '../entities/message.entity';
import { contentHash, validateBody } from '../message-content';
import { MessageDraft, MessageStore, WriteOutcome } from '../message-store';
import { MessageUuidConflictError } from '../message.errors';
import { SendBatcher } from '../send-batcher';
import { SendMessageCommand, SentMessage } from './send-message.command';

/**
 * Stores a message exactly once per uuid. The sequence number, the message row, the members'
 * statuses, one delivery per recipient device, the read models and the outbox record are written
 * atomically, so the sender's success means the message is durable.
 *
 * A member sending text takes one round trip: `MessageStore.writeMessages` checks and writes in a
 * single statement outside a transaction, which `SendBatcher` shares among concurrent sends. Attachments (whose file is locked and checked first) and
 * a service user replying from the team inbox (who joins the conversation first) take a
 * transaction that runs the checks, then the same statement.
 */
@CommandHandler(SendMessageCommand)
export class SendMessageHandler implements ICommandHandler<SendMessageCommand> {
  private readonly logger = createLogger(SendMessageHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: ConversationUnitOfWork,
    private readonly directory: ParticipantDirectory,
    private readonly store: MessageStore,
    private readonly batcher: SendBatcher,
    private readonly attachments: MessageAttachments,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ message, principal }: SendMessageCommand): Promise<SentMessage> {
    assertActsAs(principal, message.from_uuid);
    message.app_uuid = principal.appUuid;
    const body = validateBody(message);
    const hash = contentHash(message, body);

    // No look-up before writing: a resend is found by the write itself (the uuid is taken, the
    // statement fails and writes nothing) and gets the stored message in return.
    try {
      return await this.send(message, body, hash);
    } catch (error) {
      if (uniqueViolation(error) === 'pk_messages') {
        const stored = await this.existing(message.uuid, hash);
        if (stored) {
          return stored;
        }
      }
      throw error;
    }
  }

  private async send(message: SendMessageDto, body: string, hash: string): Promise<SentMessage> {
    if (!this.attachments.isAttachmentSubtype(message.message_subtype)) {
      const manager = this.dataSource.manager;
      const conversationType = message.conversation_type ?? (await this.store.conversationType(manager, message.conversation_uuid));
      if (!conversationType) {
        throw new ConversationNotFoundError(message.conversation_uuid, 'not found');
      }
      const draft = this.draft(message, conversationType, body, hash);
      const outcome = await this.batcher.write(draft);
      if (outcome.stored) {
        const event = this.stored(draft, outcome);
        this.eventBus.publish(event);
        return this.toSentMessage(event);
      }
      if (!outcome.found || !outcome.sameApp || !outcome.deviceOk) {
        throw this.rejection(message, outcome);
      }
      // Not a member: a service user may join from the team inbox, which the transaction checks.
    }
    return this.unitOfWork.run((manager) => this.sendChecked(manager, message, body, hash));
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
   * Sends within a transaction. One query loads the conversation, membership and device. A
   * service user who is not a member joins from the team inbox, and a file subtype checks and
   * locks its attachment. Then the statement of the one-round-trip send stores the message. The
   * unit of work projects and records the join, which the statement already did for the message.
   */
  private async sendChecked(manager: EntityManager, message: SendMessageDto, body: string, hash: string): Promise<UnitOfWorkResult<SentMessage>> {
    const events: DomainEvent[] = [];
    const context = await this.store.loadSendContext(manager, message);
    if (!context || context.conversation.app_uuid !== message.app_uuid) {
      throw new ConversationNotFoundError(message.conversation_uuid, context ? 'belongs to another app' : 'not found');
    }
    if (!context.deviceBelongsToSender) {
      throw this.noDevice(message);
    }
    if (!context.senderIsMember) {
      events.push(await this.joinFromTeamInbox(manager, context.conversation, message.from_uuid));
    }

    const storedBody = this.attachments.isAttachmentSubtype(message.message_subtype)
      ? await this.attachments.prepareBody(manager, message.app_uuid, message.message_subtype, body)
      : body;
    const draft = this.draft(message, message.conversation_type ?? context.conversation.conversation_type, storedBody, hash);
    const outcome = await this.store.writeMessage(manager, draft);
    if (!outcome.stored) {
      throw this.rejection(message, outcome);
    }
    const event = this.stored(draft, outcome);
    return { result: this.toSentMessage(event), events, recorded: [event] };
  }

  /** The message row and its event as they will be stored; the statement fills in the sequence number and members. */
  private draft(message: SendMessageDto, conversationType: string, body: string, hash: string): MessageDraft {
    const row: MessageEntity = {
      uuid: message.uuid,
      app_uuid: message.app_uuid,
      conversation_uuid: message.conversation_uuid,
      seq: '0',
      conversation_type: conversationType,
      from_uuid: message.from_uuid,
      from_type: message.from_type,
      from_device_uuid: message.device_uuid ?? null,
      to_uuid: message.to_uuid,
      to_type: message.to_type,
      message_type: message.message_type,
      message_subtype: message.message_subtype,
      title: null,
      body,
      content_hash: hash,
      createtime: new Date(),
    };
    const event = new MessageSentEvent(row.app_uuid, row.conversation_uuid, row.uuid, 0, row.from_uuid, [], compactBody(row), row.createtime);
    return { row, event };
  }

  private stored({ row, event }: MessageDraft, outcome: Extract<WriteOutcome, { stored: true }>): MessageSentEvent {
    this.logger.info(
      { message_uuid: row.uuid, conversation_uuid: row.conversation_uuid, seq: outcome.seq, from_uuid: row.from_uuid, deliveries: outcome.publication.deliveries.length },
      'stored message',
    );
    return new MessageSentEvent(
      event.appUuid,
      event.conversationUuid,
      event.messageUuid,
      outcome.seq,
      event.fromUuid,
      outcome.memberUuids,
      event.compactBody,
      event.occurredAt,
      outcome.publication,
    );
  }

  private toSentMessage(event: MessageSentEvent): SentMessage {
    return { uuid: event.messageUuid, ts: epochSeconds(event.occurredAt) };
  }

  /** Builds the protocol error for a send whose checks failed, in the order the checks are made. */
  private rejection(message: SendMessageDto, outcome: Extract<WriteOutcome, { stored: false }>): ApiError {
    if (!outcome.found || !outcome.sameApp) {
      return new ConversationNotFoundError(message.conversation_uuid, outcome.found ? 'belongs to another app' : 'not found');
    }
    if (!outcome.deviceOk) {
      return this.noDevice(message);
    }
    return new ConversationNotFoundError(message.conversation_uuid, `user ${message.from_uuid} is not a member`);
  }

  private noDevice(message: SendMessageDto): ApiError {
    return new ApiError(ApiErrorCode.NO_DEVICE, `device ${message.device_uuid} is not a device of user ${message.from_uuid}`);
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
