import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { createLogger } from '../../../common/logging/logger';
import { ApiError } from '../../../common/protocol/api-error';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { ConversationReuse } from '../conversation-reuse';
import { ConversationUnitOfWork } from '../conversation-unit-of-work';
import { ConversationWriter } from '../conversation-writer';
import { UserNotFoundError } from '../conversation.errors';
import { presentConversation, presentForMember, withTimestamps } from '../conversation.presenter';
import { MemberPicker } from '../member-picker';
import { Participant, ParticipantDirectory } from '../participant-directory';
import { CreateConversationCommand } from './create-conversation.command';

/** Arbitrary namespace of the per-creator advisory lock that makes reuse-or-create atomic. */
export const CREATOR_LOCK_NAMESPACE = 8946;

@CommandHandler(CreateConversationCommand)
export class CreateConversationHandler implements ICommandHandler<CreateConversationCommand> {
  private readonly logger = createLogger(CreateConversationHandler.name);

  constructor(
    private readonly unitOfWork: ConversationUnitOfWork,
    private readonly directory: ParticipantDirectory,
    private readonly reuse: ConversationReuse,
    private readonly picker: MemberPicker,
    private readonly writer: ConversationWriter,
  ) {}

  async execute({ request, principal }: CreateConversationCommand): Promise<Record<string, unknown>> {
    assertActsAs(principal, request.user_uuid);
    const memberList = request.member_list ? [...new Set(request.member_list)].filter((uuid) => uuid !== request.user_uuid) : undefined;
    if (request.conversation_type === 'S2S' && (!memberList || memberList.length === 0)) {
      throw new ApiError(ApiErrorCode.NO_PARA, 'member_list is required for S2S conversations');
    }

    return this.unitOfWork.run(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CREATOR_LOCK_NAMESPACE, request.user_uuid]);
      const creator = await this.directory.find(principal.appUuid, request.user_uuid, manager);
      if (!creator) {
        throw new UserNotFoundError(request.user_uuid);
      }
      const groupUuid = request.group_uuid ?? null;
      if (groupUuid && !(await this.directory.groupExists(manager, principal.appUuid, groupUuid))) {
        throw new ApiError(ApiErrorCode.NO_ORG_GROUP, `org group ${groupUuid} not found in app ${principal.appUuid}`);
      }

      const existing = await this.reuse.find(manager, {
        appUuid: principal.appUuid,
        creatorUuid: creator.uuid,
        conversationType: request.conversation_type,
        memberList,
        groupUuid,
      });
      if (existing) {
        const creatorRow = await manager.query(`SELECT conversation_name, conversation_icon FROM conversation_members WHERE conversation_uuid = $1 AND user_uuid = $2`, [existing.uuid, creator.uuid]);
        const fields = creatorRow[0] ? presentForMember(existing, creatorRow[0]) : presentConversation(existing);
        return { result: fields, events: [] };
      }

      const members = await this.resolveMembers(manager, principal.appUuid, request.conversation_type, memberList, groupUuid);
      const teamName = groupUuid
        ? ((await manager.query(`SELECT group_name FROM org_groups WHERE uuid = $1`, [groupUuid]))[0]?.group_name as string)
        : ((await this.directory.appName(principal.appUuid, manager))?.name ?? '');
      const { conversation, creatorRow, event } = await this.writer.create(manager, {
        appUuid: principal.appUuid,
        creator,
        members,
        conversationType: request.conversation_type,
        conversationName: request.conversation_name ?? null,
        groupUuid,
        teamName,
      });
      this.logger.info({ conversation_uuid: conversation.uuid, app_uuid: principal.appUuid, creator_uuid: creator.uuid, members: members.length }, 'created conversation');
      const answer = withTimestamps({ ...presentForMember(conversation, creatorRow), user_list: members.map((member) => member.uuid) }, conversation);
      return { result: answer, events: [event] };
    });
  }

  private async resolveMembers(
    manager: EntityManager,
    appUuid: string,
    conversationType: 'P2S' | 'S2S',
    memberList: string[] | undefined,
    groupUuid: string | null,
  ): Promise<Participant[]> {
    const uuids = memberList && memberList.length > 0 ? memberList : await this.picker.pick(manager, appUuid, groupUuid);
    const members = await this.directory.findMany(appUuid, uuids, manager);
    const services = members.filter((member) => member.isService);
    if (services.length !== uuids.length) {
      const found = new Set(services.map((member) => member.uuid));
      throw new UserNotFoundError(uuids.find((uuid) => !found.has(uuid)) ?? '');
    }
    if (conversationType === 'S2S' && services.length === 0) {
      throw new ApiError(ApiErrorCode.NO_PARA, 'member_list is required for S2S conversations');
    }
    // Keep the order the caller or the policy gave.
    return uuids.map((uuid) => services.find((member) => member.uuid === uuid) as Participant);
  }
}
