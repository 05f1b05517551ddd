import { IsOptional, IsInt, Max, Min } from 'class-validator';
import { OptionalPageSize, RequiredUuid } from '../../../common/validation/protocol-validators';

export class PageUserConversationDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredUuid()
  user_uuid: string;

  /** Page number from 0; a page past the end is an empty list. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  page_offset?: number;

  /** Default 30, at most 100. */
  @OptionalPageSize()
  page_size?: number;
}
