import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The waiting queue: visitors who asked for a conversation while no agent could take it under the
 * GROUP route policy. One entry per visitor and app; the oldest are assigned first.
 */
export class AddWaitingQueue1796610000000 implements MigrationInterface {
  name = 'AddWaitingQueue1796610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "waiting_visitors" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "user_uuid" uuid NOT NULL, "device_uuid" uuid NOT NULL, "group_uuid" uuid, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_waiting_visitors" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_waiting_visitors_user" ON "waiting_visitors" ("app_uuid", "user_uuid")`);
    await queryRunner.query(`CREATE INDEX "ix_waiting_visitors_fifo" ON "waiting_visitors" ("app_uuid", "createtime")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_waiting_visitors_fifo"`);
    await queryRunner.query(`DROP INDEX "public"."uq_waiting_visitors_user"`);
    await queryRunner.query(`DROP TABLE "waiting_visitors"`);
  }
}
