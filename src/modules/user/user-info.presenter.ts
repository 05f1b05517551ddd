import { epochSecondsInteger, formatDatetime } from '../../common/protocol/datetime';
import { AppUserEntity } from './entities/app-user.entity';
import { UserEntity } from './entities/user.entity';

/**
 * The `PP_GET_USER_INFO` fields: every user column but the password hash and the internal
 * `email_key`, `user_type`, `app_uuid` and `removed_at`, plus the membership's roles.
 * `createtime`/`updatetime` are whole epoch seconds, as the original returned them.
 */
export function presentUserInfo(user: UserEntity, membership: AppUserEntity): Record<string, unknown> {
  return {
    uuid: user.uuid,
    createtime: epochSecondsInteger(user.createtime),
    updatetime: epochSecondsInteger(user.updatetime),
    user_name: user.user_name,
    user_email: user.user_email,
    user_status: user.user_status,
    user_firstname: user.user_firstname,
    user_lastname: user.user_lastname,
    user_fullname: user.user_fullname,
    user_icon: user.user_icon,
    user_mobile: user.user_mobile,
    user_qq: user.user_qq,
    user_wechat: user.user_wechat,
    user_signature: user.user_signature,
    user_defined: user.user_defined,
    mobile_device_uuid: user.mobile_device_uuid,
    browser_device_uuid: user.browser_device_uuid,
    ppcom_mobile_device_uuid: user.ppcom_mobile_device_uuid,
    ppcom_browser_device_uuid: user.ppcom_browser_device_uuid,
    user_language: user.user_language,
    user_silence_notification: user.user_silence_notification,
    user_show_badge: user.user_show_badge,
    user_mute_notification: user.user_mute_notification,
    user_mute_other_mobile_device: user.user_mute_other_mobile_device,
    user_company: user.user_company,
    is_email_verified: user.is_email_verified,
    is_mobile_verified: user.is_mobile_verified,
    create_status: user.create_status,
    service_user_status: user.service_user_status,
    is_anonymous_user: user.is_anonymous_user,
    ppcom_trace_uuid: user.ppcom_trace_uuid,
    latest_send_message_time: formatDatetime(user.latest_send_message_time),
    is_owner_user: membership.is_owner_user,
    is_service_user: membership.is_service_user,
    is_distributor_user: membership.is_distributor_user,
  };
}
