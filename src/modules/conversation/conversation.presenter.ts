import { epochSeconds, formatDatetime } from '../../common/protocol/datetime';
import { ConversationMemberEntity } from './entities/conversation-member.entity';
import { ConversationEntity } from './entities/conversation.entity';

/** Returns the conversation's own wire fields (ConversationInfo in the original). */
export function presentConversation(conversation: ConversationEntity): Record<string, unknown> {
  return {
    uuid: conversation.uuid,
    app_uuid: conversation.app_uuid,
    user_uuid: conversation.user_uuid,
    assigned_uuid: conversation.assigned_uuid,
    group_uuid: conversation.group_uuid,
    status: conversation.status,
    conversation_name: conversation.conversation_name,
    conversation_icon: conversation.conversation_icon,
    conversation_type: conversation.conversation_type,
    latest_task: conversation.latest_task,
    createtime: formatDatetime(conversation.createtime),
    updatetime: formatDatetime(conversation.updatetime),
  };
}

/** Returns one member's own view and status of the conversation (`conversation_data`). */
export function presentMemberData(member: ConversationMemberEntity): Record<string, unknown> {
  return {
    uuid: member.uuid,
    app_uuid: member.app_uuid,
    user_uuid: member.user_uuid,
    conversation_uuid: member.conversation_uuid,
    conversation_type: member.conversation_type,
    conversation_name: member.conversation_name,
    conversation_icon: member.conversation_icon,
    user_name: member.user_name,
    user_mute_notification: member.user_mute_notification,
    conversation_status: member.conversation_status,
    createtime: formatDatetime(member.createtime),
    updatetime: formatDatetime(member.updatetime),
  };
}

/**
 * Returns the conversation as one member views it: the member's own name and icon override the
 * conversation's when set, as clients read the top level.
 */
export function presentForMember(conversation: ConversationEntity, member: ConversationMemberEntity | null): Record<string, unknown> {
  const fields = presentConversation(conversation);
  if (member?.conversation_name) {
    fields.conversation_name = member.conversation_name;
  }
  if (member?.conversation_icon) {
    fields.conversation_icon = member.conversation_icon;
  }
  return fields;
}

/** Adds the float epoch timestamps that creation responses carry. */
export function withTimestamps(fields: Record<string, unknown>, conversation: ConversationEntity): Record<string, unknown> {
  return { ...fields, createtimestamp: epochSeconds(conversation.createtime), updatetimestamp: epochSeconds(conversation.updatetime) };
}
