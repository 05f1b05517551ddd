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
import { MessageStore } from '../message-store';
import { DuplicateMessageSignal, MessageUuidConflictError } from '../message.errors';
import { SendMessageCommand, SentMessage } from './send-message.command';

/**
 * Stores a message exactly once per uuid. Everything happens in one transaction: the sequence
 * number, the message row, the members' statuses, the read models and the outbox record, so
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
  ) {}

  async execute({ message, principal }: SendMessageCommand): Promise<SentMessage> {
    assertActsAs(principal, message.from_uuid);
    message.app_uuid = principal.appUuid;
    const body = validateBody(message);
    const hash = contentHash(message, body);

    const earlier = await this.existing(message.uuid, hash);
    if (earlier) {
      return earlier;
    }
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

  /** The stored message with this uuid when it is the same message; 44 when it is another one. */
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

  private async storeMessage(manager: EntityManager, message: SendMessageDto, body: string, hash: string): Promise<{ result: SentMessage; events: DomainEvent[] }> {
    const events: DomainEvent[] = [];
    const conversation = await this.access.find(message.app_uuid, message.conversation_uuid, manager);
    await this.checkDevice(manager, message);
    if (!(await this.access.findMember(conversation.uuid, message.from_uuid, manager))) {
      events.push(await this.joinFromTeamInbox(manager, conversation, message.from_uuid));
    }

    const now = new Date();
    const seq = await this.store.takeNextSeq(manager, conversation.uuid, message.uuid, now);
    // The row lock taken above makes a concurrent send of the same uuid visible here.
    if (await this.store.findByUuid(manager, message.uuid)) {
      throw new DuplicateMessageSignal();
    }
    const conversationType = message.conversation_type ?? conversation.conversation_type;
    const row = await this.store.insert(manager, message, conversationType, body, hash, seq, now);
    const members = await this.store.reopenForMembers(manager, conversation.uuid, message.from_uuid, seq, now);
    events.push(new MessageSentEvent(message.app_uuid, conversation.uuid, row.uuid, seq, message.from_uuid, members, compactBody(row), now));
    this.logger.info({ message_uuid: row.uuid, conversation_uuid: conversation.uuid, seq, from_uuid: message.from_uuid }, 'stored message');
    return { result: { uuid: row.uuid, ts: epochSeconds(now) }, events };
  }

  /**
   * A service user of the app who answers a visitor conversation in the team inbox becomes a
   * member; anyone else who is not a member gets 26.
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

  private async checkDevice(manager: EntityManager, message: SendMessageDto): Promise<void> {
    if (!message.device_uuid) {
      return;
    }
    const rows = await manager.query(`SELECT 1 FROM devices WHERE uuid = $1 AND app_uuid = $2 AND user_uuid = $3`, [message.device_uuid, message.app_uuid, message.from_uuid]);
    if (rows.length === 0) {
      throw new ApiError(ApiErrorCode.NO_DEVICE, `device ${message.device_uuid} is not a device of user ${message.from_uuid}`);
    }
  }
}
