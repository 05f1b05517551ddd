import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates every table of the API: apps and their keys and tokens, users and memberships, devices,
 * org groups, conversations with members and read models, messages, deliveries and the event
 * outbox. Every tenant table carries `app_uuid` so the schema can be sharded by app.
 */
export class InitialSchema1796417363000 implements MigrationInterface {
  name = 'InitialSchema1796417363000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "apps" ("uuid" uuid NOT NULL, "user_uuid" uuid NOT NULL, "app_name" character varying(512) NOT NULL, "app_icon" character varying(512), "company_name" character varying(512), "app_route_policy" character varying(16) NOT NULL DEFAULT 'BROADCAST', "app_billing_email" character varying(254), "app_billing_uuid" character varying(64), "return_offline_message" boolean NOT NULL DEFAULT false, "offline_message" text, "welcome_message" text, "show_ppcom_hover" character varying(16), "ppcom_launcher_color" character varying(64), "ppcom_launcher_style" character varying(16), "ppcom_powered_by_name" character varying(128), "ppcom_powered_by_link" character varying(512), "ppcom_powered_by_visible" boolean, "identity_secret" character varying(128) NOT NULL, "identity_verification" boolean NOT NULL DEFAULT false, "allow_anonymous_upload" boolean NOT NULL DEFAULT true, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), "updatetime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_apps" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE TABLE "api_keys" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "api_level" character varying(32) NOT NULL, "api_key" character varying(128) NOT NULL, "api_secret" character varying(128) NOT NULL, "user_uuid" uuid, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_api_keys" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_app_level" ON "api_keys" ("app_uuid", "api_level")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_api_key" ON "api_keys" ("api_key")`);
    await queryRunner.query(`CREATE TABLE "api_tokens" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "api_key_uuid" uuid NOT NULL, "api_level" character varying(32) NOT NULL, "token_hash" character(64) NOT NULL, "user_uuid" uuid, "expires_at" TIMESTAMP(6) WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP(6) WITH TIME ZONE, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_api_tokens" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_api_tokens_expires_at" ON "api_tokens" ("expires_at")`);
    await queryRunner.query(`CREATE INDEX "ix_api_tokens_user" ON "api_tokens" ("user_uuid")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_tokens_token_hash" ON "api_tokens" ("token_hash")`);
    await queryRunner.query(`CREATE TABLE "users" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "user_type" character varying(16) NOT NULL, "user_name" character varying(254), "user_email" character varying(254), "email_key" character varying(254), "password_hash" character varying(256), "user_status" character varying(64), "user_firstname" character varying(128), "user_lastname" character varying(128), "user_fullname" character varying(128), "user_icon" character varying(1024), "user_mobile" character varying(64), "user_qq" character varying(64), "user_wechat" character varying(64), "user_signature" character varying(512), "user_defined" text, "mobile_device_uuid" uuid, "browser_device_uuid" uuid, "ppcom_mobile_device_uuid" uuid, "ppcom_browser_device_uuid" uuid, "user_language" character varying(16), "user_silence_notification" boolean, "user_show_badge" boolean, "user_mute_notification" boolean, "user_mute_other_mobile_device" boolean, "user_company" character varying(128), "is_email_verified" boolean NOT NULL DEFAULT false, "is_mobile_verified" boolean NOT NULL DEFAULT false, "create_status" character varying(16), "service_user_status" character varying(16), "is_anonymous_user" boolean NOT NULL DEFAULT false, "ppcom_trace_uuid" character varying(64), "latest_send_message_time" TIMESTAMP(6) WITH TIME ZONE, "removed_at" TIMESTAMP(6) WITH TIME ZONE, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), "updatetime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_users" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_trace" ON "users" ("app_uuid", "ppcom_trace_uuid") WHERE ppcom_trace_uuid IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_portal_email" ON "users" ("app_uuid", "email_key") WHERE user_type = 'PORTAL' AND removed_at IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_service_email" ON "users" ("email_key") WHERE user_type = 'SERVICE' AND removed_at IS NULL`);
    await queryRunner.query(`CREATE TABLE "app_users" ("app_uuid" uuid NOT NULL, "user_uuid" uuid NOT NULL, "is_owner_user" boolean NOT NULL DEFAULT false, "is_service_user" boolean NOT NULL DEFAULT false, "is_distributor_user" boolean NOT NULL DEFAULT false, "is_portal_user" boolean NOT NULL DEFAULT false, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), "updatetime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_app_users" PRIMARY KEY ("app_uuid", "user_uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_app_users_service" ON "app_users" ("app_uuid", "is_service_user", "is_distributor_user")`);
    await queryRunner.query(`CREATE INDEX "ix_app_users_user" ON "app_users" ("user_uuid")`);
    await queryRunner.query(`CREATE TABLE "devices" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "user_uuid" uuid NOT NULL, "terminal_uuid" character varying(128) NOT NULL, "device_fullname" character varying(128), "device_phonenumber" character varying(64), "device_ostype" character varying(8) NOT NULL, "device_osversion" character varying(64), "device_android_apilevel" character varying(64), "device_android_gcmtoken" character varying(512), "device_android_gcmpush" boolean, "device_ios_model" character varying(64), "device_ios_token" character varying(512), "device_is_online" boolean NOT NULL DEFAULT false, "online_seen_at" TIMESTAMP(6) WITH TIME ZONE, "is_ppcom_device" boolean NOT NULL DEFAULT false, "is_development" boolean NOT NULL DEFAULT false, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), "updatetime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_devices" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_devices_online" ON "devices" ("app_uuid", "device_is_online", "is_ppcom_device")`);
    await queryRunner.query(`CREATE INDEX "ix_devices_user" ON "devices" ("app_uuid", "user_uuid")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_devices_terminal" ON "devices" ("app_uuid", "terminal_uuid")`);
    await queryRunner.query(`CREATE TABLE "org_groups" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "group_name" character varying(512) NOT NULL, "group_desc" character varying(512), "group_icon" character varying(1024), "is_root" boolean NOT NULL DEFAULT false, "is_distributor" boolean NOT NULL DEFAULT false, "group_route_algorithm" character varying(16), "group_work_time_str" character varying(64), "group_visible_for_ppcom" boolean, "group_visible_order_for_ppcom" integer, "user_count" integer NOT NULL DEFAULT '0', "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), "updatetime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_org_groups" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_org_groups_distributor" ON "org_groups" ("app_uuid") WHERE is_distributor`);
    await queryRunner.query(`CREATE INDEX "ix_org_groups_app" ON "org_groups" ("app_uuid", "createtime")`);
    await queryRunner.query(`CREATE TABLE "org_group_users" ("app_uuid" uuid NOT NULL, "user_uuid" uuid NOT NULL, "group_uuid" uuid NOT NULL, "is_leader" boolean NOT NULL DEFAULT false, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_org_group_users" PRIMARY KEY ("app_uuid", "user_uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_org_group_users_group" ON "org_group_users" ("group_uuid", "createtime", "user_uuid")`);
    await queryRunner.query(`CREATE TABLE "conversations" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "user_uuid" uuid NOT NULL, "assigned_uuid" uuid, "group_uuid" uuid, "status" character varying(16) NOT NULL DEFAULT 'NEW', "conversation_name" character varying(512), "conversation_icon" character varying(1024), "conversation_type" character varying(8) NOT NULL, "latest_task" uuid, "last_seq" bigint NOT NULL DEFAULT '0', "team_status" character varying(16) NOT NULL DEFAULT 'OPEN', "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), "updatetime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_conversations" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_conversations_assigned" ON "conversations" ("app_uuid", "user_uuid", "assigned_uuid")`);
    await queryRunner.query(`CREATE INDEX "ix_conversations_group" ON "conversations" ("app_uuid", "user_uuid", "group_uuid")`);
    await queryRunner.query(`CREATE INDEX "ix_conversations_creator" ON "conversations" ("app_uuid", "user_uuid", "updatetime")`);
    await queryRunner.query(`CREATE TABLE "conversation_members" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "conversation_uuid" uuid NOT NULL, "user_uuid" uuid NOT NULL, "conversation_type" character varying(8) NOT NULL, "conversation_name" character varying(512), "conversation_icon" character varying(1024), "user_name" character varying(128), "user_mute_notification" boolean, "conversation_status" character varying(16) NOT NULL DEFAULT 'NEW', "read_seq" bigint NOT NULL DEFAULT '0', "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), "updatetime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_conversation_members" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_conversation_members_user" ON "conversation_members" ("app_uuid", "user_uuid")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_conversation_members_member" ON "conversation_members" ("conversation_uuid", "user_uuid")`);
    await queryRunner.query(`CREATE TABLE "member_conversation_views" ("user_uuid" uuid NOT NULL, "conversation_uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "conversation_status" character varying(16) NOT NULL, "last_activity_at" TIMESTAMP(6) WITH TIME ZONE NOT NULL, "latest_message_uuid" uuid, "message_total_count" integer NOT NULL DEFAULT '0', "unread_count" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_member_conversation_views" PRIMARY KEY ("user_uuid", "conversation_uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_member_conversation_views_list" ON "member_conversation_views" ("app_uuid", "user_uuid", "conversation_status", "last_activity_at", "conversation_uuid")`);
    await queryRunner.query(`CREATE TABLE "team_inbox_views" ("conversation_uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "team_status" character varying(16) NOT NULL, "last_activity_at" TIMESTAMP(6) WITH TIME ZONE NOT NULL, "latest_message_uuid" uuid, "message_total_count" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_team_inbox_views" PRIMARY KEY ("conversation_uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_team_inbox_views_list" ON "team_inbox_views" ("app_uuid", "team_status", "last_activity_at", "conversation_uuid") WHERE message_total_count > 0`);
    await queryRunner.query(`CREATE TABLE "messages" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "conversation_uuid" uuid NOT NULL, "seq" bigint NOT NULL, "conversation_type" character varying(8) NOT NULL, "from_uuid" uuid NOT NULL, "from_type" character varying(8) NOT NULL, "from_device_uuid" uuid, "to_uuid" character varying(64) NOT NULL, "to_type" character varying(8) NOT NULL, "message_type" character varying(16) NOT NULL, "message_subtype" character varying(32) NOT NULL, "title" character varying(512), "body" text NOT NULL, "content_hash" character(64) NOT NULL, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_messages" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_messages_app_createtime" ON "messages" ("app_uuid", "createtime")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_messages_conversation_seq" ON "messages" ("conversation_uuid", "seq")`);
    await queryRunner.query(`CREATE TABLE "deliveries" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "message_uuid" uuid NOT NULL, "conversation_uuid" uuid NOT NULL, "seq" bigint NOT NULL, "user_uuid" uuid NOT NULL, "device_uuid" uuid NOT NULL, "acked_at" TIMESTAMP(6) WITH TIME ZONE, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_deliveries" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_deliveries_unacked" ON "deliveries" ("device_uuid", "conversation_uuid", "seq") WHERE acked_at IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_deliveries_message_device" ON "deliveries" ("message_uuid", "device_uuid")`);
    await queryRunner.query(`CREATE TABLE "outbox_events" ("id" BIGSERIAL NOT NULL, "app_uuid" uuid NOT NULL, "event_type" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP(6) WITH TIME ZONE, CONSTRAINT "pk_outbox_events" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_outbox_events_pending" ON "outbox_events" ("id") WHERE published_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_events_pending"`);
    await queryRunner.query(`DROP TABLE "outbox_events"`);
    await queryRunner.query(`DROP INDEX "public"."uq_deliveries_message_device"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_unacked"`);
    await queryRunner.query(`DROP TABLE "deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."uq_messages_conversation_seq"`);
    await queryRunner.query(`DROP INDEX "public"."ix_messages_app_createtime"`);
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP INDEX "public"."ix_team_inbox_views_list"`);
    await queryRunner.query(`DROP TABLE "team_inbox_views"`);
    await queryRunner.query(`DROP INDEX "public"."ix_member_conversation_views_list"`);
    await queryRunner.query(`DROP TABLE "member_conversation_views"`);
    await queryRunner.query(`DROP INDEX "public"."uq_conversation_members_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_conversation_members_user"`);
    await queryRunner.query(`DROP TABLE "conversation_members"`);
    await queryRunner.query(`DROP INDEX "public"."ix_conversations_creator"`);
    await queryRunner.query(`DROP INDEX "public"."ix_conversations_group"`);
    await queryRunner.query(`DROP INDEX "public"."ix_conversations_assigned"`);
    await queryRunner.query(`DROP TABLE "conversations"`);
    await queryRunner.query(`DROP INDEX "public"."ix_org_group_users_group"`);
    await queryRunner.query(`DROP TABLE "org_group_users"`);
    await queryRunner.query(`DROP INDEX "public"."ix_org_groups_app"`);
    await queryRunner.query(`DROP INDEX "public"."uq_org_groups_distributor"`);
    await queryRunner.query(`DROP TABLE "org_groups"`);
    await queryRunner.query(`DROP INDEX "public"."uq_devices_terminal"`);
    await queryRunner.query(`DROP INDEX "public"."ix_devices_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_devices_online"`);
    await queryRunner.query(`DROP TABLE "devices"`);
    await queryRunner.query(`DROP INDEX "public"."ix_app_users_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_app_users_service"`);
    await queryRunner.query(`DROP TABLE "app_users"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_service_email"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_portal_email"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_trace"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."uq_api_tokens_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_tokens_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_tokens_expires_at"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."uq_api_keys_api_key"`);
    await queryRunner.query(`DROP INDEX "public"."uq_api_keys_app_level"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP TABLE "apps"`);
  }
}
