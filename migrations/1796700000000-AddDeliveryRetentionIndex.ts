import { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets the delivery retention sweep find old deliveries without scanning the table. */
export class AddDeliveryRetentionIndex1796700000000 implements MigrationInterface {
  name = 'AddDeliveryRetentionIndex1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_deliveries_createtime" ON "deliveries" ("createtime")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_createtime"`);
  }
}
