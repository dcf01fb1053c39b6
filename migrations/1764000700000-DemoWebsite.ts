import { MigrationInterface, QueryRunner } from 'typeorm';

/** The demo website of `/demo`: at most one per installation, made on first use. */
export class DemoWebsite1764000700000 implements MigrationInterface {
  name = 'DemoWebsite1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE websites ADD COLUMN demo boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE UNIQUE INDEX websites_one_demo ON websites ((true)) WHERE demo`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX websites_one_demo`);
    await q.query(`ALTER TABLE websites DROP COLUMN demo`);
  }
}
