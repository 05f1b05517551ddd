import { ApiKeyEntity } from '../auth/entities/api-key.entity';
import { formatDatetime } from '../../common/protocol/datetime';
import { AppEntity } from './entities/app.entity';

/**
 * The app's wire fields. `app_key`/`app_secret` are the PPCONSOLE key, as in the original, and
 * with `identity_secret` they appear only when `withSecrets` is set (console levels).
 */
export function presentApp(app: AppEntity, consoleKey: ApiKeyEntity | null, withSecrets: boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    uuid: app.uuid,
    createtime: formatDatetime(app.createtime),
    updatetime: formatDatetime(app.updatetime),
    api_uuid: consoleKey?.uuid ?? null,
    user_uuid: app.user_uuid,
    app_name: app.app_name,
    app_icon: app.app_icon,
    app_route_policy: app.app_route_policy,
    company_name: app.company_name,
    app_billing_email: app.app_billing_email,
    app_billing_uuid: app.app_billing_uuid,
    return_offline_message: app.return_offline_message,
    offline_message: app.offline_message,
    welcome_message: app.welcome_message,
    show_ppcom_hover: app.show_ppcom_hover,
    ppcom_launcher_color: app.ppcom_launcher_color,
    ppcom_launcher_style: app.ppcom_launcher_style,
    ppcom_powered_by_name: app.ppcom_powered_by_name,
    ppcom_powered_by_link: app.ppcom_powered_by_link,
    ppcom_powered_by_visible: app.ppcom_powered_by_visible,
    robot_train_chat: null,
    robot_train_track: null,
    robot_train_click: null,
    robot_train_method: null,
    robot_user_uuid: null,
    identity_verification: app.identity_verification,
    allow_anonymous_upload: app.allow_anonymous_upload,
  };
  if (withSecrets) {
    fields.app_key = consoleKey?.api_key ?? null;
    fields.app_secret = consoleKey?.api_secret ?? null;
    fields.identity_secret = app.identity_secret;
  }
  return fields;
}
