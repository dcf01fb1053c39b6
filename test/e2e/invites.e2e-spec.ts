import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Api, AgentSession, WebsiteInfo } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';
import { isAccountMail, mailbox, tokenIn } from '../support/mailbox';
import { connect } from '../support/sockets';

describe('invites', () => {
  let db: { name: string; url: string };
  let running: TestApp;
  let mail: Awaited<ReturnType<typeof mailbox>>;
  let api: Api;
  let owner: AgentSession;
  let site: WebsiteInfo;
  let pg: Client;

  beforeAll(async () => {
    mail = await mailbox();
    running = await startTestApp({ authRateLimit: 1000, smtpUrl: mail.url });
    ({ db, api } = running);
    owner = await api.signup('Owner');
    site = await api.website(owner, { name: 'Team site' });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await running.close();
    await mail.close();
  });

  async function invite(email: string, role = 'agent', as = owner) {
    const res = await api.as(as).post(`/websites/${site.id}/invites`, { email, role });
    expect(res.status).toBe(201);
    const letter = mail.received.find((m) => (m.to === email.toLowerCase() || m.to === email) && !isAccountMail(m))!;
    return { invite: res.body, token: tokenIn(letter.text) };
  }

  it('mails a new agent an invite; accepting creates the account, the membership and a session', async () => {
    const email = `new-${randomUUID().slice(0, 8)}@example.com`;
    const { invite: created, token } = await invite(email);
    expect(created).toMatchObject({ email, role: 'agent', mailed: true });
    const { rows } = await pg.query('SELECT token_hash FROM invites WHERE id = $1', [created.id]);
    expect(rows[0].token_hash.toString('base64url')).not.toBe(token);

    const needsAccount = await api.http().post('/api/v1/invites/accept').send({ token });
    expect(needsAccount.status).toBe(400);
    const res = await api
      .http()
      .post('/api/v1/invites/accept')
      .send({ token, name: 'Newbie', password: 'a long password' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: true, website: { id: site.id, role: 'agent' }, agent: { email } });
    const me = await api.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body.websites).toEqual([{ id: site.id, name: 'Team site', role: 'agent' }]);
    // an agent member cannot change settings
    await api
      .http()
      .patch(`/api/v1/websites/${site.id}`)
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .send({ name: 'x' })
      .expect(403);
    // the token works once
    await api
      .http()
      .post('/api/v1/invites/accept')
      .send({ token, name: 'Again', password: 'a long password' })
      .expect(404);
  });

  it('adds an existing agent, whose open sockets start receiving the website at once', async () => {
    const existing = await api.signup('Existing');
    const socket = await connect(running.url, { token: existing.accessToken });
    try {
      const { token } = await invite(existing.agent.email, 'admin');
      // An existing account accepts signed in as itself (the token alone no longer joins it).
      const res = await api
        .http()
        .post('/api/v1/invites/accept')
        .set('Authorization', `Bearer ${existing.accessToken}`)
        .send({ token })
        .expect(200);
      expect(res.body).toEqual({ created: false, website: { id: site.id, name: 'Team site', role: 'admin' } });
      const visitor = await api.bootstrap(site.key);
      const vs = await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
      await vs.emit('conversation:open', { body: 'hello team', clientMessageId: randomUUID() });
      const [msg] = await socket.waitFor('message:new', 1);
      expect(msg.message.body).toBe('hello team');
      vs.close();
    } finally {
      socket.close();
    }
  });

  it('lets owners and admins invite, refuses agents (403) and strangers (404)', async () => {
    const stranger = await api.signup('Stranger');
    const res404 = await api
      .as(stranger)
      .post(`/websites/${site.id}/invites`, { email: 'x@example.com', role: 'agent' });
    expect(res404.status).toBe(404);
    const agentMember = await api.signup('Plain');
    await pg.query(`INSERT INTO website_members (website_id, agent_id, role) VALUES ($1, $2, 'agent')`, [
      site.id,
      agentMember.agent.id,
    ]);
    const res403 = await api
      .as(agentMember)
      .post(`/websites/${site.id}/invites`, { email: 'y@example.com', role: 'agent' });
    expect(res403.status).toBe(403);
    const dup = await api
      .as(owner)
      .post(`/websites/${site.id}/invites`, { email: agentMember.agent.email.toUpperCase(), role: 'agent' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('ALREADY_MEMBER');
    for (const body of [
      { email: 'z@example.com', role: 'boss' },
      { email: 'nope', role: 'agent' },
      { email: 'z@example.com' },
    ]) {
      const bad = await api.as(owner).post(`/websites/${site.id}/invites`, body);
      expect(bad.status).toBe(400);
    }
    const { rows } = await pg.query(
      `SELECT count(*)::int AS n FROM invites WHERE email IN ('x@example.com', 'y@example.com', 'z@example.com')`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('refuses expired and unknown tokens with 404', async () => {
    const email = `late-${randomUUID().slice(0, 8)}@example.com`;
    const { invite: created, token } = await invite(email);
    await pg.query(`UPDATE invites SET expires_at = now() - interval '1 minute' WHERE id = $1`, [created.id]);
    await api
      .http()
      .post('/api/v1/invites/accept')
      .send({ token, name: 'Late', password: 'a long password' })
      .expect(404);
    await api
      .http()
      .post('/api/v1/invites/accept')
      .send({ token: 'made-up', name: 'X', password: 'a long password' })
      .expect(404);
  });
});
