import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OptionalPageSize, OptionalUuid, RequiredUuid } from '../../../common/validation/protocol-validators';

export class PageHistoryMessageDto {
  @OptionalUuid()
  app_uuid?: string;

  @RequiredUuid()
  conversation_uuid: string;

  /** Page number from 0, newest page first; used only without `max_uuid` and `min_uuid`. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  page_offset?: number;

  /** Default 30, at most 100. */
  @OptionalPageSize()
  page_size?: number;

  /** Messages older than this one, newest first. */
  @OptionalUuid()
  max_uuid?: string;

  /** Messages newer than this one, oldest first. */
  @OptionalUuid()
  min_uuid?: string;
}
