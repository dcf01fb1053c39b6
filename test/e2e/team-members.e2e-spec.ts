import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AgentSession, Api, expectError } from '../support/api';
import { isAccountMail, mailbox, tokenIn } from '../support/mailbox';
import { connect, TestSocket } from '../support/sockets';
import { team, visitorConversation } from '../support/team';
import { startTestApp, TestApp } from '../support/test-app';

describe('team members and invites', () => {
  let running: TestApp;
  let api: Api;
  let pg: Client;
  let mail: Awaited<ReturnType<typeof mailbox>>;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    mail = await mailbox();
    running = await startTestApp({ authRateLimit: 1000, smtpUrl: mail.url, invitesPerHour: 6 });
    api = running.api;
    pg = new Client({ connectionString: running.db.url });
    await pg.connect();
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await pg.end();
    await running.close();
    await mail.close();
  });

  const role = async (websiteId: string, agentId: string) =>
    (await pg.query('SELECT role FROM website_members WHERE website_id = $1 AND agent_id = $2', [websiteId, agentId]))
      .rows[0]?.role ?? null;
  const members = (as: AgentSession, websiteId: string) => api.as(as).get(`/websites/${websiteId}/members`);

  describe('roles', () => {
    it('lets owners and admins change roles, only owners touch the owner role, and keeps the last owner', async () => {
      const { owner, site, members: team_ } = await team(api, running.db.url, ['admin', 'agent', 'agent'], 'Roles');
      const [admin, alice, bob] = team_;
      const change = (as: AgentSession, agentId: string, to: string) =>
        api.as(as).patch(`/websites/${site.id}/members/${agentId}`, { role: to });

      const promoted = await change(admin, alice.agent.id, 'admin');
      expect(promoted.status).toBe(200);
      expect(promoted.body).toEqual({
        agent: { id: alice.agent.id, name: alice.agent.name, email: alice.agent.email },
        role: 'admin',
        joinedAt: expect.any(String),
      });
      expectError(await change(admin, bob.agent.id, 'owner'), 403, 'FORBIDDEN');
      expectError(await change(admin, owner.agent.id, 'agent'), 403, 'FORBIDDEN');
      expectError(await change(bob, alice.agent.id, 'agent'), 403, 'FORBIDDEN');
      expectError(await change(owner, owner.agent.id, 'admin'), 409, 'LAST_OWNER');
      expect((await change(owner, bob.agent.id, 'owner')).body.role).toBe('owner');
      // With two owners, one may step down.
      expect((await change(owner, owner.agent.id, 'admin')).body.role).toBe('admin');
      expectError(await change(bob, bob.agent.id, 'agent'), 409, 'LAST_OWNER');
      expectError(await change(bob, randomUUID(), 'agent'), 404, 'NOT_FOUND');
      expectError(await change(bob, alice.agent.id, 'boss'), 400, 'VALIDATION_FAILED');
      expect(await role(site.id, owner.agent.id)).toBe('admin');
      expect(await role(site.id, bob.agent.id)).toBe('owner');
    });

    it('removes a member: REST answers 404 at once, their sockets hear nothing more, their conversations go back', async () => {
      const { owner, site, members: team_ } = await team(api, running.db.url, ['agent'], 'Removal');
      const [leaver] = team_;
      const leaverSocket = await connect(running.url, { token: leaver.accessToken });
      sockets.push(leaverSocket);
      const { conversation, socket: visitor } = await visitorConversation(api, running.url, site);
      sockets.push(visitor);
      await api.as(leaver).post(`/conversations/${conversation.id}/claim`).expect(200);
      expect((await leaverSocket.emit('conversation:join', { conversationId: conversation.id })).ok).toBe(true);
      await leaverSocket.waitFor('message:new', 2);

      expectError(await api.as(leaver).delete(`/websites/${site.id}/members/${owner.agent.id}`), 403, 'FORBIDDEN');
      await api.as(owner).patch(`/websites/${site.id}/members/${leaver.agent.id}`, { role: 'admin' }).expect(200);
      expect(await leaverSocket.waitFor('membership:updated', 1)).toEqual([{ websiteId: site.id, role: 'admin' }]);
      const removed = await api.as(owner).delete(`/websites/${site.id}/members/${leaver.agent.id}`);
      expect(removed.status).toBe(204);
      // Their own sockets are told, so an open console lets go of the website.
      expect(await leaverSocket.waitFor('membership:removed', 1)).toEqual([{ websiteId: site.id }]);
      expectError(await api.as(leaver).get(`/websites/${site.id}`), 404, 'NOT_FOUND');
      expectError(await api.as(leaver).get(`/conversations/${conversation.id}`), 404, 'NOT_FOUND');

      const heard = leaverSocket.received('message:new').length;
      await new Promise((r) => setTimeout(r, 200));
      await visitor.emit('message:new', {
        conversationId: conversation.id,
        body: 'still there?',
        clientMessageId: randomUUID(),
      });
      await visitor.emit('typing', { conversationId: conversation.id, typing: true });
      await new Promise((r) => setTimeout(r, 1500));
      expect(leaverSocket.received('message:new').length).toBe(heard);
      expect(leaverSocket.received('typing')).toEqual([]);
      expect(await leaverSocket.emit('typing', { conversationId: conversation.id, typing: true })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });

      const { rows } = await pg.query('SELECT assignee_id FROM conversations WHERE id = $1', [conversation.id]);
      expect(rows[0].assignee_id).toBeNull();
      const history = await api.as(owner).get(`/conversations/${conversation.id}/messages?afterSeq=0`);
      expect(history.body.messages.map((m: { body: string }) => m.body)).toContain(
        `${leaver.agent.name} is no longer on the team; the conversation is unassigned`,
      );
    });

    it('lets a member leave, but not the last owner', async () => {
      const { owner, site, members: team_ } = await team(api, running.db.url, ['agent'], 'Leaving');
      expectError(await api.as(owner).delete(`/websites/${site.id}/members/me`), 409, 'LAST_OWNER');
      expect((await api.as(team_[0]).delete(`/websites/${site.id}/members/me`)).status).toBe(204);
      expect(await role(site.id, team_[0].agent.id)).toBeNull();
      expect((await members(owner, site.id)).body.items).toHaveLength(1);
      expectError(await api.as(owner).delete(`/websites/${site.id}/members/nobody`), 400, 'VALIDATION_FAILED');
    });
  });

  describe('invites', () => {
    const invite = async (as: AgentSession, websiteId: string, email: string, inviteRole = 'agent') => {
      const res = await api.as(as).post(`/websites/${websiteId}/invites`, { email, role: inviteRole });
      return res;
    };
    const lastToken = (email: string) =>
      tokenIn([...mail.received].reverse().find((m) => m.to === email && !isAccountMail(m))!.text);

    it('lets an admin invite agents and admins, only an owner invite an owner; lists, revokes and resends', async () => {
      const { owner, site, members: team_ } = await team(api, running.db.url, ['admin', 'agent'], 'Inviting');
      const [admin, plain] = team_;
      expect((await invite(admin, site.id, 'new-admin@example.com', 'admin')).status).toBe(201);
      expectError(await invite(admin, site.id, 'new-owner@example.com', 'owner'), 403, 'FORBIDDEN');
      expectError(await invite(plain, site.id, 'x@example.com', 'agent'), 403, 'FORBIDDEN');
      const ownerInvite = await invite(owner, site.id, 'new-owner@example.com', 'owner');
      expect(ownerInvite.status).toBe(201);

      const listed = await api.as(admin).get(`/websites/${site.id}/invites`);
      expect(listed.body.items.map((i: { email: string; role: string }) => `${i.email}:${i.role}`).sort()).toEqual([
        'new-admin@example.com:admin',
        'new-owner@example.com:owner',
      ]);
      expect(listed.body.items[0]).toEqual({
        id: expect.any(String),
        websiteId: site.id,
        email: expect.any(String),
        role: expect.any(String),
        invitedBy: { id: expect.any(String), name: expect.any(String) },
        expiresAt: expect.any(String),
        createdAt: expect.any(String),
      });
      expectError(await api.as(plain).get(`/websites/${site.id}/invites`), 403, 'FORBIDDEN');

      const firstToken = lastToken('new-owner@example.com');
      const resent = await api.as(owner).post(`/websites/${site.id}/invites/${ownerInvite.body.id}/resend`);
      expect(resent.status).toBe(200);
      expect(resent.body.mailed).toBe(true);
      const secondToken = lastToken('new-owner@example.com');
      expect(secondToken).not.toBe(firstToken);
      expectError(await api.http().post('/api/v1/invites/inspect').send({ token: firstToken }), 404, 'NOT_FOUND');
      const inspected = await api.http().post('/api/v1/invites/inspect').send({ token: secondToken });
      expect(inspected.body).toEqual({
        email: 'new-owner@example.com',
        role: 'owner',
        website: { id: site.id, name: 'Inviting' },
        account: 'new',
      });

      expect((await api.as(admin).delete(`/websites/${site.id}/invites/${ownerInvite.body.id}`)).status).toBe(204);
      expectError(await api.as(admin).delete(`/websites/${site.id}/invites/${ownerInvite.body.id}`), 404, 'NOT_FOUND');
      expectError(
        await api
          .http()
          .post('/api/v1/invites/accept')
          .send({ token: secondToken, name: 'N', password: 'long enough pw' }),
        404,
        'NOT_FOUND',
      );
      expect((await api.as(admin).get(`/websites/${site.id}/invites`)).body.items).toHaveLength(1);
    });

    it('throttles invites per website with Retry-After', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Throttled');
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 7; i++) {
        last = await invite(owner, site.id, `spam-${i}@example.com`);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429]);
      expectError(last!, 429, 'RATE_LIMITED');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM invites WHERE website_id = $1`, [site.id]);
      expect(rows[0].n).toBe(6);
    });

    it('never hands an invite to an account nobody proved the email for', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Hijack');
      // Mallory registers Alice's address before Alice accepts.
      const email = `alice-${randomUUID().slice(0, 8)}@corp.example`;
      const signup = await api
        .http()
        .post('/api/v1/auth/signup')
        .send({ email, password: 'mallory-password', name: 'Mallory' });
      expect(signup.status).toBe(201);
      await invite(owner, site.id, email, 'admin');
      const token = lastToken(email);

      // The token alone does not make Mallory's account a member…
      expectError(await api.http().post('/api/v1/invites/accept').send({ token }), 400, 'VALIDATION_FAILED');
      expect(await role(site.id, signup.body.agent.id)).toBeNull();
      // …and Mallory, signed in, holds no token (a made-up one is refused).
      expectError(
        await api
          .http()
          .post('/api/v1/invites/accept')
          .set('Authorization', `Bearer ${signup.body.accessToken}`)
          .send({ token: 'x'.repeat(43) }),
        404,
        'NOT_FOUND',
      );
      // Alice, who has the token, takes the address over with her own password; Mallory's sessions end.
      const accepted = await api
        .http()
        .post('/api/v1/invites/accept')
        .send({ token, name: 'Alice', password: 'alice-password-1' });
      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({
        created: true,
        website: { id: site.id, role: 'admin' },
        agent: { name: 'Alice' },
      });
      expect((await api.refresh(signup.body.refreshToken)).status).toBe(401);
      expect((await api.login(email, 'mallory-password')).status).toBe(401);
      expect((await api.login(email, 'alice-password-1')).status).toBe(200);

      // Now the address is proven: a second invite needs Alice signed in, as herself.
      const other = await team(api, running.db.url, [], 'Second');
      await invite(other.owner, other.site.id, email, 'agent');
      const second = lastToken(email);
      expect((await api.http().post('/api/v1/invites/inspect').send({ token: second })).body.account).toBe('existing');
      expectError(
        await api
          .http()
          .post('/api/v1/invites/accept')
          .send({ token: second, name: 'Mallory', password: 'mallory-password' }),
        401,
        'LOGIN_REQUIRED',
      );
      const someoneElse = await api.signup('Someone else');
      expectError(
        await api
          .http()
          .post('/api/v1/invites/accept')
          .set('Authorization', `Bearer ${someoneElse.accessToken}`)
          .send({ token: second }),
        403,
        'WRONG_ACCOUNT',
      );
      const joined = await api
        .http()
        .post('/api/v1/invites/accept')
        .set('Authorization', `Bearer ${accepted.body.accessToken}`)
        .send({ token: second });
      expect(joined.status).toBe(200);
      expect(joined.body).toEqual({ created: false, website: { id: other.site.id, name: 'Second', role: 'agent' } });
    });

    it('refuses bad invite input and other websites’ invites, changing nothing', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Bad invites');
      const stranger = await api.signup('Stranger');
      const mine = await invite(owner, site.id, 'pending@example.com');
      const before = (await pg.query('SELECT count(*)::int AS n FROM invites')).rows[0].n;
      for (const body of [
        { email: 'x@example.com', role: 'boss' },
        { email: 'nope', role: 'agent' },
        { email: 'x@example.com' },
        { role: 'agent' },
      ]) {
        expectError(await api.as(owner).post(`/websites/${site.id}/invites`, body), 400, 'VALIDATION_FAILED');
      }
      expectError(await api.as(stranger).get(`/websites/${site.id}/invites`), 404, 'NOT_FOUND');
      expectError(await api.as(stranger).delete(`/websites/${site.id}/invites/${mine.body.id}`), 404, 'NOT_FOUND');
      expectError(await api.as(stranger).post(`/websites/${site.id}/invites/${mine.body.id}/resend`), 404, 'NOT_FOUND');
      expectError(
        await api.as(stranger).patch(`/websites/${site.id}/members/${owner.agent.id}`, { role: 'agent' }),
        404,
        'NOT_FOUND',
      );
      expectError(await api.as(stranger).delete(`/websites/${site.id}/members/${owner.agent.id}`), 404, 'NOT_FOUND');
      expectError(await api.as(owner).delete(`/websites/${site.id}/invites/not-a-uuid`), 400, 'VALIDATION_FAILED');
      for (const body of [{}, { token: '' }, { token: 5 }, { token: 'x', extra: 1 }]) {
        expectError(await api.http().post('/api/v1/invites/inspect').send(body), 400, 'VALIDATION_FAILED');
      }
      expectError(
        await api.http().post('/api/v1/invites/accept').set('Authorization', 'Bearer junk').send({ token: 'x' }),
        401,
        'UNAUTHORIZED',
      );
      expect((await pg.query('SELECT count(*)::int AS n FROM invites')).rows[0].n).toBe(before);
      expect(await role(site.id, owner.agent.id)).toBe('owner');
    });
  });
});
