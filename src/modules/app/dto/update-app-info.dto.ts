import { Matches } from 'class-validator';
import {
  LIMITS,
  OptionalBoolean,
  OptionalEnum,
  OptionalString,
  RequiredUuid,
} from '../../../common/validation/protocol-validators';
import { APP_ROUTE_POLICY_INPUTS } from '../app-route-policy';

/** Every field but `app_uuid` is optional; an absent or null field keeps its stored value. */
export class UpdateAppInfoDto {
  @RequiredUuid()
  app_uuid: string;

  @OptionalString(LIMITS.name)
  @Matches(/\S/)
  app_name?: string | null;

  @OptionalString(LIMITS.shortText)
  app_icon?: string | null;

  @OptionalEnum(APP_ROUTE_POLICY_INPUTS)
  app_route_policy?: string | null;

  @OptionalString(LIMITS.shortText)
  welcome_message?: string | null;

  @OptionalString(LIMITS.shortText)
  offline_message?: string | null;

  @OptionalBoolean()
  return_offline_message?: boolean | null;

  @OptionalEnum(['ALWAYS', 'ONCE', 'NEVER'])
  show_ppcom_hover?: string | null;

  @OptionalString(64)
  ppcom_launcher_color?: string | null;

  @OptionalEnum(['DEFAULT', 'MATERIAL', 'ANIMATE'])
  ppcom_launcher_style?: string | null;

  @OptionalString(LIMITS.name)
  ppcom_powered_by_name?: string | null;

  @OptionalString(LIMITS.shortText)
  ppcom_powered_by_link?: string | null;

  @OptionalBoolean()
  ppcom_powered_by_visible?: boolean | null;

  @OptionalBoolean()
  identity_verification?: boolean | null;

  @OptionalBoolean()
  allow_anonymous_upload?: boolean | null;
}
