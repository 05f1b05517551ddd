import { IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalPageSize, RequiredUuid } from '../../../common/validation/protocol-validators';

export class ListAppConversationsDto {
  @RequiredUuid()
  app_uuid: string;

  /** At most 200; default 50. */
  @OptionalPageSize()
  page_size?: number;

  /** The `next_cursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class ListUserConversationsDto extends ListAppConversationsDto {
  @RequiredUuid()
  user_uuid: string;
}

export class ConversationUsersDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  conversation_uuid: string;
}
