import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { ApiError } from '../../../common/protocol/api-error';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { ConversationAccess } from '../conversation-access';
import { EnqueueVisitorCommand } from '../../waiting-queue/commands/enqueue-visitor.command';
import { NoReadyGroupAgentError, UserNotFoundError } from '../conversation.errors';
import { presentForMember } from '../conversation.presenter';
import { ParticipantDirectory } from '../participant-directory';
import { CreateConversationCommand } from './create-conversation.command';
import { GetDefaultConversationCommand } from './get-default-conversation.command';

const DEFAULT_WELCOME = { zh: '有什么可以帮忙的，一起聊两句吧？', en: 'Hello, how can we help you?' };

@CommandHandler(GetDefaultConversationCommand)
export class GetDefaultConversationHandler implements ICommandHandler<GetDefaultConversationCommand> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commandBus: CommandBus,
    private readonly access: ConversationAccess,
    private readonly directory: ParticipantDirectory,
  ) {}

  async execute({ request, principal }: GetDefaultConversationCommand): Promise<Record<string, unknown>> {
    assertActsAs(principal, request.user_uuid);
    const visitor = await this.directory.find(principal.appUuid, request.user_uuid);
    if (!visitor) {
      throw new UserNotFoundError(request.user_uuid);
    }
    const device = await this.dataSource.query(`SELECT 1 FROM devices WHERE uuid = $1 AND app_uuid = $2 AND user_uuid = $3`, [
      request.device_uuid,
      principal.appUuid,
      request.user_uuid,
    ]);
    if (device.length === 0) {
      throw new ApiError(ApiErrorCode.NO_DEVICE, `device ${request.device_uuid} is not a device of user ${request.user_uuid} in this app`);
    }

    // With no member list, creation returns the visitor's latest conversation when there is one.
    let created: Record<string, unknown>;
    try {
      created = await this.commandBus.execute(new CreateConversationCommand({ app_uuid: principal.appUuid, user_uuid: request.user_uuid, conversation_type: 'P2S' }, principal));
    } catch (error) {
      if (!(error instanceof NoReadyGroupAgentError)) {
        throw error;
      }
      // As in the original: the visitor waits, the answer is the bare envelope, and the socket
      // hears ACK CONVERSATION 11 now and code 0 with the conversation once an agent is READY.
      await this.commandBus.execute(new EnqueueVisitorCommand(principal.appUuid, request.user_uuid, request.device_uuid, null));
      return {};
    }
    const { conversation, member } = await this.access.requireMember(principal.appUuid, created.uuid as string, request.user_uuid);
    const memberRows: { user_uuid: string }[] = await this.dataSource.query(
      `SELECT user_uuid FROM conversation_members WHERE conversation_uuid = $1 ORDER BY createtime, user_uuid LIMIT 1000`,
      [conversation.uuid],
    );
    const app = await this.directory.appName(principal.appUuid);
    const language = (await this.dataSource.query(`SELECT user_language FROM users WHERE uuid = $1`, [request.user_uuid]))[0]?.user_language as string | null;
    return {
      ...presentForMember(conversation, member),
      user_list: await this.directory.cards(principal.appUuid, memberRows.map((row) => row.user_uuid)),
      app_name: app?.name ?? null,
      app_welcome: app?.welcome || (language?.startsWith('en') ? DEFAULT_WELCOME.en : DEFAULT_WELCOME.zh),
    };
  }
}
