import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OptionalPageSize, RequiredUuid } from '../../../common/validation/protocol-validators';

export class PageUnackedMessageDto {
  @RequiredUuid()
  app_uuid: string;

  /** The user whose device it is. */
  @RequiredUuid()
  user_uuid: string;

  @RequiredUuid()
  device_uuid: string;

  /** Page number from 0, newest page first. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  page_offset?: number;

  /** Default 30, at most 100. */
  @OptionalPageSize()
  page_size?: number;
}
