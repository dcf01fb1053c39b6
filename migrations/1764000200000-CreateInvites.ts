import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations of agents to a website. They CASCADE with their website (an invite to nothing is
 * nothing); the inviting agent is SET NULL if deleted (the invite stays valid). Owners are never
 * invited: a website has the owner who created it.
 */
export class CreateInvites1764000200000 implements MigrationInterface {
  name = 'CreateInvites1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        website_id uuid NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
        email varchar(254) NOT NULL,
        role varchar(8) NOT NULL CHECK (role IN ('admin', 'agent')),
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        invited_by uuid REFERENCES agents (id) ON DELETE SET NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES agents (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX invites_website_idx ON invites (website_id)`);
    await q.query(
      `CREATE TRIGGER invites_touch BEFORE UPDATE ON invites FOR EACH ROW EXECUTE FUNCTION zendo_touch_updated_at()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invites`);
  }
}
