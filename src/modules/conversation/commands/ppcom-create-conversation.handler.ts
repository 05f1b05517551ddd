import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { ApiError } from '../../../common/protocol/api-error';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { ConversationAccess } from '../conversation-access';
import { ConversationReuse } from '../conversation-reuse';
import { EnqueueVisitorCommand } from '../../waiting-queue/commands/enqueue-visitor.command';
import { NoReadyGroupAgentError, UserNotFoundError } from '../conversation.errors';
import { presentForMember, presentMemberData } from '../conversation.presenter';
import { ParticipantDirectory } from '../participant-directory';
import { CreateConversationCommand } from './create-conversation.command';
import { PpcomCreateConversationCommand } from './ppcom-create-conversation.command';

/**
 * Reuses or creates through CreateConversationCommand, which serialises per visitor, so
 * concurrent clicks on the same group or agent end in one conversation. Only the choice of the
 * group's agent happens here: with `group_uuid` and no `member_list`, the group's READY agent
 * with the fewest conversations not closed, whatever the app's route policy. When no agent
 * fits the group (or, under GROUP policy, the distributor group) the visitor joins the waiting
 * queue and the answer is the bare envelope.
 */
@CommandHandler(PpcomCreateConversationCommand)
export class PpcomCreateConversationHandler implements ICommandHandler<PpcomCreateConversationCommand> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commandBus: CommandBus,
    private readonly access: ConversationAccess,
    private readonly directory: ParticipantDirectory,
    private readonly reuse: ConversationReuse,
  ) {}

  async execute({ request, principal }: PpcomCreateConversationCommand): Promise<Record<string, unknown>> {
    assertActsAs(principal, request.user_uuid);
    const appUuid = principal.appUuid;
    if (!(await this.directory.find(appUuid, request.user_uuid))) {
      throw new UserNotFoundError(request.user_uuid);
    }
    if (request.device_uuid) {
      const device = await this.dataSource.query(`SELECT 1 FROM devices WHERE uuid = $1 AND app_uuid = $2 AND user_uuid = $3`, [request.device_uuid, appUuid, request.user_uuid]);
      if (device.length === 0) {
        throw new ApiError(ApiErrorCode.NO_DEVICE, `device ${request.device_uuid} is not a device of user ${request.user_uuid} in app ${appUuid}`);
      }
    }
    const groupUuid = request.group_uuid ?? null;
    if (groupUuid && !(await this.directory.groupExists(this.dataSource.manager, appUuid, groupUuid))) {
      throw new ApiError(ApiErrorCode.NO_ORG_GROUP, `org group ${groupUuid} not found in app ${appUuid}`);
    }

    let created: Record<string, unknown>;
    try {
      let memberList = request.member_list;
      if (groupUuid && (!memberList || memberList.length === 0)) {
        const existing = await this.reuse.find(this.dataSource.manager, { appUuid, creatorUuid: request.user_uuid, conversationType: 'P2S', memberList: undefined, groupUuid });
        memberList = existing ? undefined : [await this.pickGroupAgent(appUuid, groupUuid)];
      }
      created = await this.commandBus.execute(
        new CreateConversationCommand(
          { app_uuid: appUuid, user_uuid: request.user_uuid, conversation_type: 'P2S', group_uuid: groupUuid ?? undefined, member_list: memberList },
          principal,
        ),
      );
    } catch (error) {
      if (!(error instanceof NoReadyGroupAgentError)) {
        throw error;
      }
      // No READY agent for the group (or, under GROUP policy, the distributor group): the visitor
      // waits, as PPCOM_GET_DEFAULT_CONVERSATION does. The socket to tell is the device's.
      if (!request.device_uuid) {
        throw new ApiError(ApiErrorCode.NO_PARA, 'device_uuid is required to wait for an agent');
      }
      await this.commandBus.execute(new EnqueueVisitorCommand(appUuid, request.user_uuid, request.device_uuid, groupUuid));
      return {};
    }
    const { conversation, member } = await this.access.requireMember(appUuid, created.uuid as string, request.user_uuid);
    return { ...presentForMember(conversation, member), conversation_data: presentMemberData(member) };
  }

  private async pickGroupAgent(appUuid: string, groupUuid: string): Promise<string> {
    const manager = this.dataSource.manager;
    const ready = await this.directory.readyGroupMembers(manager, appUuid, groupUuid);
    if (ready.length === 0) {
      throw new NoReadyGroupAgentError(groupUuid);
    }
    const counts = await this.directory.openConversationCounts(manager, appUuid, ready);
    return [...ready].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || a.localeCompare(b))[0];
  }
}
