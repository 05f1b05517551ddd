import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConversationMemberEntity } from './entities/conversation-member.entity';
import { ConversationEntity } from './entities/conversation.entity';
import { ConversationCreatedEvent } from './events/conversation-created.event';
import { Participant } from './participant-directory';

export interface NewConversation {
  appUuid: string;
  creator: Participant;
  members: Participant[];
  conversationType: 'P2S' | 'S2S';
  conversationName: string | null;
  groupUuid: string | null;
  /** Used as the creator's conversation name when a visitor talks to several agents. */
  teamName: string;
}

/** Inserts a conversation with its member rows, each member's view named as the original did. */
@Injectable()
export class ConversationWriter {
  async create(manager: EntityManager, input: NewConversation): Promise<{ conversation: ConversationEntity; creatorRow: ConversationMemberEntity; event: ConversationCreatedEvent }> {
    const now = new Date();
    const conversation = manager.getRepository(ConversationEntity).create({
      uuid: randomUUID(),
      app_uuid: input.appUuid,
      user_uuid: input.creator.uuid,
      assigned_uuid: input.members.length === 1 ? input.members[0].uuid : null,
      group_uuid: input.groupUuid,
      status: 'NEW',
      conversation_name: input.conversationName,
      conversation_icon: input.creator.icon,
      conversation_type: input.conversationType,
      latest_task: null,
      last_seq: '0',
      team_status: 'OPEN',
      createtime: now,
      updatetime: now,
    });
    await manager.getRepository(ConversationEntity).insert(conversation);

    const rows = [input.creator, ...input.members].map((participant) => {
      const view = this.viewFor(input, participant);
      return manager.getRepository(ConversationMemberEntity).create({
        uuid: randomUUID(),
        app_uuid: input.appUuid,
        conversation_uuid: conversation.uuid,
        user_uuid: participant.uuid,
        conversation_type: input.conversationType,
        conversation_name: view.name,
        conversation_icon: view.icon,
        user_name: view.userName,
        user_mute_notification: null,
        conversation_status: 'NEW',
        read_seq: '0',
        createtime: now,
        updatetime: now,
      });
    });
    await manager.getRepository(ConversationMemberEntity).insert(rows);

    const event = new ConversationCreatedEvent(
      input.appUuid,
      conversation.uuid,
      input.creator.uuid,
      input.conversationType,
      rows.map((row) => row.user_uuid),
      now,
    );
    return { conversation, creatorRow: rows[0], event };
  }

  private viewFor(input: NewConversation, participant: Participant): { name: string | null; icon: string | null; userName: string | null } {
    const isCreator = participant.uuid === input.creator.uuid;
    const single = input.members.length === 1 ? input.members[0] : null;
    if (input.conversationType === 'S2S' && single) {
      const other = isCreator ? single : input.creator;
      return { name: other.fullname, icon: other.icon, userName: participant.fullname };
    }
    if (input.conversationType === 'S2S') {
      return { name: input.conversationName, icon: null, userName: participant.fullname };
    }
    if (!isCreator) {
      return { name: input.conversationName ?? input.creator.fullname, icon: input.creator.icon, userName: participant.fullname };
    }
    if (single) {
      return { name: single.fullname, icon: single.icon, userName: participant.fullname };
    }
    // NOTE: the original drew a composite icon of all agents here; no composite icon is made yet.
    return { name: input.teamName, icon: null, userName: participant.fullname };
  }
}
