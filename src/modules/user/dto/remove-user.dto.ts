import { RequiredUuid } from '../../../common/validation/protocol-validators';
import { RequiredPasswordSha1 } from './user-fields';

export class RemoveUserDto {
  @RequiredUuid()
  user_uuid: string;

  @RequiredPasswordSha1()
  user_password: string;
}
