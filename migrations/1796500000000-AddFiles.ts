import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded files and their thumbnails. Files that no message refers to are swept after a day;
 * the partial index keeps that sweep cheap.
 */
export class AddFiles1796500000000 implements MigrationInterface {
  name = 'AddFiles1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "files" ("uuid" uuid NOT NULL, "app_uuid" uuid NOT NULL, "user_uuid" uuid, "file_name" character varying(255) NOT NULL, "file_size" bigint NOT NULL, "file_mime" character varying(128) NOT NULL, "file_sha1" character(40) NOT NULL, "storage_key" character varying(255) NOT NULL, "material_type" character varying(32), "thumbnail_uuid" uuid, "image_width" integer, "image_height" integer, "duration" double precision, "referenced" boolean NOT NULL DEFAULT false, "createtime" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_files" PRIMARY KEY ("uuid"))`);
    await queryRunner.query(`CREATE INDEX "ix_files_unreferenced" ON "files" ("createtime") WHERE NOT referenced`);
    await queryRunner.query(`CREATE INDEX "ix_files_app" ON "files" ("app_uuid", "createtime")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_files_app"`);
    await queryRunner.query(`DROP INDEX "public"."ix_files_unreferenced"`);
    await queryRunner.query(`DROP TABLE "files"`);
  }
}
