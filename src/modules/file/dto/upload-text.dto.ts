import { IsDefined, IsString } from 'class-validator';
import { OptionalUuid, RequiredEnum } from '../../../common/validation/protocol-validators';

/** Form fields of `POST /upload_txt`; only `content_txt` uploads are served. */
export class UploadTextDto {
  @RequiredEnum(['content_txt'])
  upload_type: string;

  /** Bounded by the request body limit and FILE_SIZE_LIMIT. */
  @IsDefined()
  @IsString()
  content_txt: string;

  @OptionalUuid()
  user_uuid?: string;
}
