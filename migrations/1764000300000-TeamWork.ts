import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team work: assignment settings per website, the round-robin queue and fairness, owner invites,
 * revoked invites, and verified emails (an invite must never go to an account whose owner has
 * not proven the email).
 * - `conversations.queued_at`: when an open conversation started waiting for an assignee (null
 *   while assigned); the round-robin queue is read oldest first through a partial index.
 * - `website_members.last_assigned_at`: ties between equally loaded agents go to the one who got a
 *   conversation longest ago.
 */
export class TeamWork1764000300000 implements MigrationInterface {
  name = 'TeamWork1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE websites
        ADD COLUMN assignment_mode varchar(12) NOT NULL DEFAULT 'manual'
          CHECK (assignment_mode IN ('manual', 'round_robin')),
        ADD COLUMN max_open_per_agent integer CHECK (max_open_per_agent BETWEEN 1 AND 1000),
        ADD COLUMN reply_policy varchar(8) NOT NULL DEFAULT 'anyone' CHECK (reply_policy IN ('anyone', 'assignee'))`);
    await q.query(`ALTER TABLE website_members ADD COLUMN last_assigned_at timestamptz`);
    await q.query(`ALTER TABLE conversations ADD COLUMN queued_at timestamptz`);
    await q.query(`UPDATE conversations SET queued_at = created_at WHERE status = 'open' AND assignee_id IS NULL`);
    await q.query(`ALTER TABLE conversations ALTER COLUMN queued_at SET DEFAULT now()`);
    await q.query(
      `CREATE INDEX conversations_queue_idx ON conversations (website_id, queued_at, id)
       WHERE status = 'open' AND assignee_id IS NULL`,
    );
    await q.query(
      `CREATE INDEX conversations_open_assigned_idx ON conversations (website_id, assignee_id)
       WHERE status = 'open' AND assignee_id IS NOT NULL`,
    );
    await q.query(`ALTER TABLE invites DROP CONSTRAINT invites_role_check`);
    await q.query(`ALTER TABLE invites ADD CONSTRAINT invites_role_check CHECK (role IN ('owner', 'admin', 'agent'))`);
    await q.query(
      `ALTER TABLE invites ADD COLUMN revoked_at timestamptz, ADD COLUMN sent_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(`ALTER TABLE agents ADD COLUMN email_verified_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents DROP COLUMN email_verified_at`);
    await q.query(`ALTER TABLE invites DROP COLUMN revoked_at, DROP COLUMN sent_at`);
    await q.query(`DELETE FROM invites WHERE role = 'owner'`);
    await q.query(`ALTER TABLE invites DROP CONSTRAINT invites_role_check`);
    await q.query(`ALTER TABLE invites ADD CONSTRAINT invites_role_check CHECK (role IN ('admin', 'agent'))`);
    await q.query(`DROP INDEX conversations_open_assigned_idx`);
    await q.query(`DROP INDEX conversations_queue_idx`);
    await q.query(`ALTER TABLE conversations DROP COLUMN queued_at`);
    await q.query(`ALTER TABLE website_members DROP COLUMN last_assigned_at`);
    await q.query(
      `ALTER TABLE websites DROP COLUMN assignment_mode, DROP COLUMN max_open_per_agent, DROP COLUMN reply_policy`,
    );
  }
}
