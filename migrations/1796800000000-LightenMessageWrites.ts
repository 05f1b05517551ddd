import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Makes each stored message cheaper to write.
 *
 * - `ix_conversations_creator` indexed `updatetime`, which every message changes, so every
 *   conversation update had to add entries to all four of its indexes. Lookups by app and creator
 *   are served by the other two indexes that start with the same columns; without it, the update
 *   can stay on its page (a HOT update) and touch no index.
 * - Every message updates the list rows of all members of its conversation, and no index led with
 *   the conversation: the update read the whole table, which grows with conversations times
 *   members.
 * - The outbox relay deletes a row once it is published instead of stamping `published_at`, so
 *   the table holds only what is still to publish rather than growing with every message.
 */
export class LightenMessageWrites1796800000000 implements MigrationInterface {
  name = 'LightenMessageWrites1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_conversations_creator"`);
    await queryRunner.query(`CREATE INDEX "ix_member_conversation_views_conversation" ON "member_conversation_views" ("conversation_uuid")`);
    await queryRunner.query(`DELETE FROM "outbox_events" WHERE "published_at" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_events_pending"`);
    await queryRunner.query(`ALTER TABLE "outbox_events" DROP COLUMN "published_at"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_events" ADD "published_at" TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "ix_outbox_events_pending" ON "outbox_events" ("id") WHERE published_at IS NULL`);
    await queryRunner.query(`DROP INDEX "public"."ix_member_conversation_views_conversation"`);
    await queryRunner.query(`CREATE INDEX "ix_conversations_creator" ON "conversations" ("app_uuid", "user_uuid", "updatetime")`);
  }
}
