import { createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DeletionService } from '../../src/conversations/deletion.service';
import { AgentSession, Api, expectError } from '../support/api';
import { linkToken, mailbox } from '../support/mailbox';
import { connect, TestSocket } from '../support/sockets';
import { team, until, visitorConversation } from '../support/team';
import { startCluster, startTestApp, TestApp } from '../support/test-app';

const hmac = (secret: string, userId: string) => createHmac('sha256', secret).update(userId, 'utf8').digest('hex');

/** Accounts, deletion and retention, visitors' data, verified identity: the "Trust" section of the contract. */
describe('trust', () => {
  let mail: Awaited<ReturnType<typeof mailbox>>;
  let running: TestApp;
  let api: Api;
  let pg: Client;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    mail = await mailbox();
    running = await startTestApp({ authRateLimit: 1000, smtpUrl: mail.url });
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

  const lastMailTo = async (email: string, page: string) => {
    await until(`a ${page} mail to ${email}`, () => mail.received.some((m) => m.to === email && m.text.includes(page)));
    return [...mail.received].reverse().find((m) => m.to === email && m.text.includes(page))!;
  };
  const count = async (sql: string, params: unknown[] = []) =>
    (await pg.query<{ n: number }>(`SELECT (${sql})::int AS n`, params)).rows[0].n;

  describe('accounts', () => {
    it('mails a verification link at signup; the link verifies once', async () => {
      const agent = await api.signup('Verify me');
      expect((await api.as(agent).get('/me')).body.agent.emailVerified).toBe(false);
      const token = linkToken((await lastMailTo(agent.agent.email, 'verify-email')).text, 'verify-email');

      const verified = await api.http().post('/api/v1/auth/verify-email').send({ token });
      expect(verified.status).toBe(200);
      expect(verified.body.agent).toMatchObject({ id: agent.agent.id, emailVerified: true });
      expect((await api.as(agent).get('/me')).body.agent.emailVerified).toBe(true);
      expectError(await api.http().post('/api/v1/auth/verify-email').send({ token }), 400, 'INVALID_TOKEN');
      expectError(
        await api
          .http()
          .post('/api/v1/auth/verify-email')
          .send({ token: 'x'.repeat(43) }),
        400,
        'INVALID_TOKEN',
      );
      expectError(await api.http().post('/api/v1/auth/verify-email').send({ token: 7 }), 400, 'VALIDATION_FAILED');
    });

    it('sends a new verification link on request, and the older one stops working', async () => {
      const agent = await api.signup('Resend');
      const first = linkToken((await lastMailTo(agent.agent.email, 'verify-email')).text, 'verify-email');
      const before = mail.received.length;
      expect((await api.as(agent).post('/auth/verify-email/resend')).status).toBe(202);
      await until('the second mail', () => mail.received.length > before);
      const second = linkToken((await lastMailTo(agent.agent.email, 'verify-email')).text, 'verify-email');
      expect(second).not.toBe(first);
      expectError(await api.http().post('/api/v1/auth/verify-email').send({ token: first }), 400, 'INVALID_TOKEN');
      expect((await api.http().post('/api/v1/auth/verify-email').send({ token: second })).status).toBe(200);
    });

    it('answers a reset request 202 whether or not the address has an account', async () => {
      const before = mail.received.length;
      const unknown = await api
        .http()
        .post('/api/v1/auth/password/forgot')
        .set('X-Forwarded-For', '198.51.100.40')
        .send({ email: `nobody-${randomUUID()}@example.com` });
      expect(unknown.status).toBe(202);
      const agent = await api.signup('Forgetful');
      const known = await api
        .http()
        .post('/api/v1/auth/password/forgot')
        .set('X-Forwarded-For', '198.51.100.41')
        .send({ email: agent.agent.email.toUpperCase() });
      expect(known.status).toBe(202);
      expect(Object.keys(unknown.body)).toEqual(Object.keys(known.body));
      await lastMailTo(agent.agent.email, 'reset-password');
      // one verification mail (signup) and one reset mail; none for the unknown address
      expect(mail.received.slice(before).filter((m) => m.text.includes('reset-password'))).toHaveLength(1);
    });

    it('resets a password from the link once, ending every session of the account', async () => {
      const agent = await api.signup('Reset');
      const other = await api.login(agent.agent.email, agent.password);
      await api
        .http()
        .post('/api/v1/auth/password/forgot')
        .set('X-Forwarded-For', '198.51.100.42')
        .send({ email: agent.agent.email })
        .expect(202);
      const token = linkToken((await lastMailTo(agent.agent.email, 'reset-password')).text, 'reset-password');

      expectError(
        await api.http().post('/api/v1/auth/password/reset').send({ token, password: 'short' }),
        400,
        'VALIDATION_FAILED',
      );
      const reset = await api
        .http()
        .post('/api/v1/auth/password/reset')
        .send({ token, password: 'a brand new passphrase' });
      expect(reset.status).toBe(200);
      expect(reset.body.agent).toMatchObject({ id: agent.agent.id, emailVerified: true });
      expectError(
        await api.http().post('/api/v1/auth/password/reset').send({ token, password: 'another passphrase!' }),
        400,
        'INVALID_TOKEN',
      );

      await new Promise((r) => setTimeout(r, 2000));
      expectError(await api.as(agent).get('/me'), 401, 'UNAUTHORIZED');
      expectError(await api.bearer(other.body.accessToken).get('/me'), 401, 'UNAUTHORIZED');
      expectError(await api.refresh(agent.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      expect((await api.login(agent.agent.email, agent.password)).status).toBe(401);
      expect((await api.login(agent.agent.email, 'a brand new passphrase')).status).toBe(200);
    });

    it('limits reset requests per address to 5 an hour, with Retry-After', async () => {
      const email = `limited-${randomUUID()}@example.com`;
      const ask = (ip: string) =>
        api.http().post('/api/v1/auth/password/forgot').set('X-Forwarded-For', ip).send({ email });
      for (let i = 0; i < 5; i++) expect((await ask(`198.51.100.${50 + i}`)).status).toBe(202);
      const limited = await ask('198.51.100.60');
      expectError(limited, 429, 'RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(3600);
    });

    it('ends a session at its absolute lifetime however often it is refreshed', async () => {
      const short = await startTestApp({ sessionMaxMs: 1500 });
      try {
        const agent = await short.api.signup('Short session');
        let refreshToken = agent.refreshToken;
        for (let i = 0; i < 2; i++) {
          await new Promise((r) => setTimeout(r, 500));
          const refreshed = await short.api.refresh(refreshToken);
          expect(refreshed.status).toBe(200);
          refreshToken = refreshed.body.refreshToken;
        }
        await new Promise((r) => setTimeout(r, 700));
        expectError(await short.api.refresh(refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      } finally {
        await short.close();
      }
    });
  });

  describe('deletion', () => {
    it('deletes a conversation for owners and admins only; it is gone from every list, search and history', async () => {
      const { owner, site, members } = await team(api, running.db.url, ['admin', 'agent'], 'Deleting');
      const [admin, agent] = members;
      const { visitor, socket, conversation } = await visitorConversation(api, running.url, site, 'secret plans');
      sockets.push(socket);
      const watcher = await connect(running.url, { token: owner.accessToken });
      sockets.push(watcher);

      expectError(await api.as(agent).delete(`/conversations/${conversation.id}`), 403, 'FORBIDDEN');
      expect((await api.as(admin).delete(`/conversations/${conversation.id}`)).status).toBe(204);

      const [atVisitor] = await socket.waitFor('conversation:deleted', 1);
      expect(atVisitor).toEqual({ conversationId: conversation.id });
      await watcher.waitFor('conversation:deleted', 1);
      expectError(await api.as(owner).get(`/conversations/${conversation.id}`), 404, 'NOT_FOUND');
      expectError(await api.as(owner).get(`/conversations/${conversation.id}/messages`), 404, 'NOT_FOUND');
      expectError(await api.as(owner).delete(`/conversations/${conversation.id}`), 404, 'NOT_FOUND');
      const list = await api.as(owner).get(`/websites/${site.id}/conversations`);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(conversation.id);
      const search = await api.as(owner).get(`/websites/${site.id}/search?q=secret`);
      expect(search.body.items).toEqual([]);
      expectError(
        await api.visitor(visitor.visitorToken).get(`/conversations/${conversation.id}/messages`),
        404,
        'NOT_FOUND',
      );
      expect((await api.visitor(visitor.visitorToken).get('/conversations')).body.items).toEqual([]);
      // the visitor writing again starts a new conversation, not the deleted one
      const again = await socket.emit('message:new', {
        conversationId: conversation.id,
        body: 'hello?',
        clientMessageId: randomUUID(),
      });
      expect(again.ok === false && again.error.code).toBe('NOT_FOUND');
      const reopened = await socket.emit('conversation:open', { body: 'hello again', clientMessageId: randomUUID() });
      expect(reopened.ok && reopened.conversation.id).not.toBe(conversation.id);

      const audit = await api.as(owner).get(`/websites/${site.id}/audit?action=conversation.deleted`);
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          action: 'conversation.deleted',
          actor: { type: 'agent', id: admin.agent.id, name: admin.agent.name },
          target: { type: 'conversation', id: conversation.id },
        }),
      ]);
    });

    it('redacts a message in place for its author or a manager, and tells both sides', async () => {
      const { owner, site, members } = await team(api, running.db.url, ['agent', 'agent'], 'Redacting');
      const [author, colleague] = members;
      const { socket: vs, conversation } = await visitorConversation(api, running.url, site, 'my card is 4111');
      sockets.push(vs);
      const as = await connect(running.url, { token: author.accessToken });
      sockets.push(as);
      expect((await as.emit('conversation:join', { conversationId: conversation.id })).ok).toBe(true);
      const sent = await as.emit('message:new', {
        conversationId: conversation.id,
        body: 'a reply I regret',
        clientMessageId: randomUUID(),
      });
      if (!sent.ok) throw new Error('send failed');
      const messages = (await api.as(owner).get(`/conversations/${conversation.id}/messages`)).body.messages;
      const visitorMessage = messages.find((m: { body: string }) => m.body === 'my card is 4111');

      expectError(await api.as(colleague).delete(`/messages/${sent.message.id}`), 403, 'FORBIDDEN');
      expectError(await api.as(author).delete(`/messages/${visitorMessage.id}`), 403, 'FORBIDDEN');
      expect((await api.as(author).delete(`/messages/${sent.message.id}`)).status).toBe(204);
      expect((await api.as(owner).delete(`/messages/${visitorMessage.id}`)).status).toBe(204);
      expect((await api.as(owner).delete(`/messages/${visitorMessage.id}`)).status).toBe(204); // idempotent

      const seen = await vs.waitFor('message:deleted', 2);
      expect(seen).toEqual([
        { conversationId: conversation.id, messageId: sent.message.id, seq: sent.message.seq },
        { conversationId: conversation.id, messageId: visitorMessage.id, seq: visitorMessage.seq },
      ]);
      await as.waitFor('message:deleted', 2);
      const after = (await api.as(owner).get(`/conversations/${conversation.id}/messages`)).body.messages;
      expect(after.map((m: { seq: number }) => m.seq)).toEqual(messages.map((m: { seq: number }) => m.seq));
      for (const id of [sent.message.id, visitorMessage.id]) {
        expect(after.find((m: { id: string }) => m.id === id)).toMatchObject({
          body: '',
          deletedAt: expect.any(String),
        });
      }
      expect(await count(`SELECT count(*) FROM messages WHERE body LIKE '%4111%'`)).toBe(0);
      expect((await api.as(owner).get(`/websites/${site.id}/search?q=4111`)).body.items).toEqual([]);
      expectError(await api.as(owner).delete(`/messages/${randomUUID()}`), 404, 'NOT_FOUND');
    });

    it('purges deleted conversations after 30 days and closed ones past retention, once per cluster', async () => {
      const cluster = await startCluster(2, { retentionSweepMs: 0 });
      const clusterApi = new Api(cluster.instances[0].url);
      const db = new Client({ connectionString: cluster.db.url });
      await db.connect();
      try {
        const { owner, site } = await team(clusterApi, cluster.db.url, [], 'Retention');
        await clusterApi.as(owner).patch(`/websites/${site.id}`, { retentionDays: 7 }).expect(200);
        const kept = await visitorConversation(clusterApi, cluster.instances[0].url, site, 'recent');
        const expired = await visitorConversation(clusterApi, cluster.instances[0].url, site, 'old');
        const deleted = await visitorConversation(clusterApi, cluster.instances[0].url, site, 'deleted');
        [kept, expired, deleted].forEach((c) => c.socket.close());
        await db.query(
          `UPDATE conversations SET status = 'closed', closed_at = now() - interval '8 days' WHERE id = $1`,
          [expired.conversation.id],
        );
        await db.query(
          `UPDATE conversations SET status = 'closed', closed_at = now() - interval '6 days' WHERE id = $1`,
          [kept.conversation.id],
        );
        await clusterApi.as(owner).delete(`/conversations/${deleted.conversation.id}`).expect(204);
        await db.query(`UPDATE conversations SET deleted_at = now() - interval '31 days' WHERE id = $1`, [
          deleted.conversation.id,
        ]);

        const sweeps = await Promise.all(cluster.instances.map((i) => i.app.get(DeletionService).sweep()));
        expect(sweeps.filter(Boolean)).toHaveLength(1);
        const left = await db.query<{ id: string }>('SELECT id FROM conversations WHERE website_id = $1', [site.id]);
        expect(left.rows.map((r) => r.id)).toEqual([kept.conversation.id]);
        const purged = await clusterApi.as(owner).get(`/websites/${site.id}/audit?action=retention`);
        expect(purged.body.items.map((e: { details: object; actor: object }) => [e.actor, e.details])).toEqual(
          expect.arrayContaining([
            [
              { type: 'system', id: null, name: null },
              { conversations: 1, reason: 'deleted' },
            ],
            [
              { type: 'system', id: null, name: null },
              { conversations: 1, reason: 'retention' },
            ],
          ]),
        );
        // within the period nobody runs it again
        expect(await cluster.instances[1].app.get(DeletionService).sweep()).toBe(false);
      } finally {
        await db.end();
        await cluster.close();
      }
    });

    it('refuses retentionDays outside 1..3650 and takes null for "keep"', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Retention input');
      for (const bad of [0, 3651, 1.5, '7', -1]) {
        expectError(
          await api.as(owner).patch(`/websites/${site.id}`, { retentionDays: bad }),
          400,
          'VALIDATION_FAILED',
        );
      }
      expect((await api.as(owner).patch(`/websites/${site.id}`, { retentionDays: 30 })).body.retentionDays).toBe(30);
      expect(
        (await api.as(owner).patch(`/websites/${site.id}`, { retentionDays: null })).body.retentionDays,
      ).toBeNull();
    });
  });

  describe("visitors' data", () => {
    it('exports everything stored about a visitor, and audits it', async () => {
      const { owner, site, members } = await team(api, running.db.url, ['agent'], 'Export');
      const { visitor, socket, conversation } = await visitorConversation(api, running.url, site, 'export me');
      sockets.push(socket);
      await api.visitor(visitor.visitorToken).patch('/visitor', { name: 'Ada', email: 'ada@example.com' }).expect(200);

      expectError(
        await api.as(members[0]).get(`/websites/${site.id}/visitors/${visitor.visitor.id}/export`),
        403,
        'FORBIDDEN',
      );
      const exported = await api.as(owner).get(`/websites/${site.id}/visitors/${visitor.visitor.id}/export`);
      expect(exported.status).toBe(200);
      expect(exported.body.visitor).toMatchObject({ id: visitor.visitor.id, name: 'Ada', email: 'ada@example.com' });
      expect(exported.body.conversations).toEqual([
        expect.objectContaining({
          id: conversation.id,
          messages: [expect.objectContaining({ seq: 1, sender: 'visitor', body: 'export me' })],
        }),
      ]);
      expect(exported.body.devices).toHaveLength(1);
      const audit = await api.as(owner).get(`/websites/${site.id}/audit?action=visitor.exported`);
      expect(audit.body.items[0]).toMatchObject({ target: { type: 'visitor', id: visitor.visitor.id } });
    });

    it('erases a visitor: name, email and message bodies gone, their token and sockets dead', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Erase');
      const { visitor, socket, conversation } = await visitorConversation(api, running.url, site, 'erase me');
      sockets.push(socket);
      await api.visitor(visitor.visitorToken).patch('/visitor', { name: 'Bob', email: 'bob@example.com' }).expect(200);

      expect((await api.as(owner).delete(`/websites/${site.id}/visitors/${visitor.visitor.id}`)).status).toBe(204);
      await until('the visitor socket to close', () => !socket.socket.connected);
      expectError(await api.visitor(visitor.visitorToken).get('/conversations'), 401, 'UNAUTHORIZED');
      const again = await api.bootstrap(site.key, visitor.visitorToken);
      expect(again.visitor.id).not.toBe(visitor.visitor.id);
      expect((again as unknown as { conversations: unknown[] }).conversations).toEqual([]);

      const view = await api.as(owner).get(`/conversations/${conversation.id}`);
      expect(view.body.visitor).toMatchObject({ name: null, email: null });
      const messages = (await api.as(owner).get(`/conversations/${conversation.id}/messages`)).body.messages;
      expect(messages).toEqual([expect.objectContaining({ seq: 1, body: '', deletedAt: expect.any(String) })]);
      expect(await count(`SELECT count(*) FROM visitors WHERE email = 'bob@example.com' OR name = 'Bob'`)).toBe(0);
      // erasing again is the same outcome; the audit log says it once
      expect((await api.as(owner).delete(`/websites/${site.id}/visitors/${visitor.visitor.id}`)).status).toBe(204);
      const audit = await api.as(owner).get(`/websites/${site.id}/audit?action=visitor.erased`);
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0].details).toEqual({ messagesRedacted: 1 });
    });
  });

  describe('verified identity', () => {
    async function withSecret(name: string) {
      const t = await team(api, running.db.url, ['agent'], name);
      const rotated = await api.as(t.owner).post(`/websites/${t.site.id}/identity-secret/rotate`);
      expect(rotated.status).toBe(200);
      return { ...t, secret: rotated.body.identitySecret as string };
    }

    it('shows the identity secret once, to owners and admins', async () => {
      const { owner, site, members, secret } = await withSecret('Secret');
      expect(secret).toMatch(/^is_[A-Za-z0-9_-]{40,}$/);
      const website = await api.as(owner).get(`/websites/${site.id}`);
      expect(website.body.identitySecretSet).toBe(true);
      expect(JSON.stringify(website.body)).not.toContain(secret);
      expectError(await api.as(members[0]).post(`/websites/${site.id}/identity-secret/rotate`), 403, 'FORBIDDEN');
      const audit = await api.as(owner).get(`/websites/${site.id}/audit?action=website.identity_secret_rotated`);
      expect(audit.body.items).toHaveLength(1);
      expect(JSON.stringify(audit.body)).not.toContain(secret);
    });

    it('refuses a wrong userHash with IDENTITY_UNVERIFIED and stores nothing', async () => {
      const { site, secret } = await withSecret('Wrong hash');
      const visitor = await api.bootstrap(site.key);
      const wrong = await api
        .visitor(visitor.visitorToken)
        .patch('/visitor', { userId: 'user-1', userHash: hmac(secret, 'user-2'), name: 'Mallory' });
      expectError(wrong, 401, 'IDENTITY_UNVERIFIED');
      expectError(
        await api.visitor(visitor.visitorToken).patch('/visitor', { userId: 'user-1', userHash: 'not hex' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await api.visitor(visitor.visitorToken).patch('/visitor', { userId: 'user-1' }),
        400,
        'VALIDATION_FAILED',
      );
      const row = await pg.query('SELECT name, user_id FROM visitors WHERE id = $1', [visitor.visitor.id]);
      expect(row.rows[0]).toEqual({ name: null, user_id: null });
      expectError(
        await api
          .http()
          .post('/api/v1/widget/bootstrap')
          .send({ websiteKey: site.key, userId: 'u', userHash: hmac('guess', 'u') }),
        401,
        'IDENTITY_UNVERIFIED',
      );
    });

    it('makes a verified user one visitor across devices, with their conversations', async () => {
      const { owner, site, secret } = await withSecret('Devices');
      const laptop = await api.bootstrap(site.key);
      const socket = await connect(running.url, { websiteKey: site.key, visitorToken: laptop.visitorToken });
      sockets.push(socket);
      const opened = await socket.emit('conversation:open', { body: 'from my laptop', clientMessageId: randomUUID() });
      if (!opened.ok) throw new Error('open failed');
      const identified = await api
        .visitor(laptop.visitorToken)
        .patch('/visitor', { userId: 'customer-42', userHash: hmac(secret, 'customer-42'), name: 'Grace' });
      expect(identified.status).toBe(200);
      expect(identified.body.visitor).toMatchObject({ id: laptop.visitor.id, userId: 'customer-42', name: 'Grace' });

      const phone = await api
        .http()
        .post('/api/v1/widget/bootstrap')
        .send({ websiteKey: site.key, userId: 'customer-42', userHash: hmac(secret, 'customer-42') });
      expect(phone.status).toBe(200);
      expect(phone.body.visitor.id).toBe(laptop.visitor.id);
      expect(phone.body.visitorToken).not.toBe(laptop.visitorToken);
      expect(phone.body.conversations.map((c: { id: string }) => c.id)).toEqual([opened.conversation.id]);
      // both devices' tokens work
      for (const token of [laptop.visitorToken, phone.body.visitorToken]) {
        expect((await api.visitor(token).get('/conversations')).status).toBe(200);
      }

      // an anonymous visitor on a third device who then identifies is merged into the same visitor
      const tablet = await api.bootstrap(site.key);
      const tabletSocket = await connect(running.url, { websiteKey: site.key, visitorToken: tablet.visitorToken });
      sockets.push(tabletSocket);
      const other = await tabletSocket.emit('conversation:open', {
        body: 'from the tablet',
        clientMessageId: randomUUID(),
      });
      if (!other.ok) throw new Error('open failed');
      const merged = await api
        .visitor(tablet.visitorToken)
        .patch('/visitor', { userId: 'customer-42', userHash: hmac(secret, 'customer-42') });
      expect(merged.body.visitor.id).toBe(laptop.visitor.id);
      const all = await api.visitor(tablet.visitorToken).get('/conversations');
      expect(all.body.items.map((c: { id: string }) => c.id).sort()).toEqual(
        [opened.conversation.id, other.conversation.id].sort(),
      );
      const history = await api.as(owner).get(`/conversations/${other.conversation.id}/messages`);
      expect(history.body.messages[0].sender).toMatchObject({ type: 'visitor', id: laptop.visitor.id });
      expect(
        await count('SELECT count(*) FROM visitors WHERE website_id = $1 AND user_id IS NOT NULL', [site.id]),
      ).toBe(1);
    });

    it('takes name and email only from a verified identify when the website requires it', async () => {
      const { owner, site, secret } = await withSecret('Required');
      await api.as(owner).patch(`/websites/${site.id}`, { requireVerifiedIdentity: true }).expect(200);
      const visitor = await api.bootstrap(site.key);
      expectError(
        await api.visitor(visitor.visitorToken).patch('/visitor', { name: 'The CEO', email: 'ceo@example.com' }),
        401,
        'IDENTITY_UNVERIFIED',
      );
      const ok = await api.visitor(visitor.visitorToken).patch('/visitor', {
        userId: 'u-7',
        userHash: hmac(secret, 'u-7'),
        name: 'Real name',
        email: 'real@example.com',
      });
      expect(ok.status).toBe(200);
      expect(ok.body.visitor).toMatchObject({ userId: 'u-7', name: 'Real name', email: 'real@example.com' });
    });

    it('answers IDENTITY_UNVERIFIED while the website has no secret', async () => {
      const { site } = await team(api, running.db.url, [], 'No secret');
      const visitor = await api.bootstrap(site.key);
      expectError(
        await api.visitor(visitor.visitorToken).patch('/visitor', { userId: 'a', userHash: hmac('', 'a') }),
        401,
        'IDENTITY_UNVERIFIED',
      );
    });
  });

  describe('tenants', () => {
    it("answers 404 for another website's ids on every trust endpoint", async () => {
      const mine = await team(api, running.db.url, [], 'Mine');
      const theirs = await team(api, running.db.url, [], 'Theirs');
      const { visitor, socket, conversation } = await visitorConversation(api, running.url, theirs.site, 'theirs');
      sockets.push(socket);
      const messageId = (await api.as(theirs.owner).get(`/conversations/${conversation.id}/messages`)).body.messages[0]
        .id;
      const me: AgentSession = mine.owner;
      const cases: [string, () => Promise<{ status: number; body: unknown }>][] = [
        ['delete conversation', () => api.as(me).delete(`/conversations/${conversation.id}`)],
        ['delete message', () => api.as(me).delete(`/messages/${messageId}`)],
        ['audit', () => api.as(me).get(`/websites/${theirs.site.id}/audit`)],
        ['rotate secret', () => api.as(me).post(`/websites/${theirs.site.id}/identity-secret/rotate`)],
        ['rotate key', () => api.as(me).post(`/websites/${theirs.site.id}/key/rotate`)],
        ['retention', () => api.as(me).patch(`/websites/${theirs.site.id}`, { retentionDays: 1 })],
        ['export', () => api.as(me).get(`/websites/${theirs.site.id}/visitors/${visitor.visitor.id}/export`)],
        ['erase', () => api.as(me).delete(`/websites/${theirs.site.id}/visitors/${visitor.visitor.id}`)],
        // my website, their visitor
        ['export across', () => api.as(me).get(`/websites/${mine.site.id}/visitors/${visitor.visitor.id}/export`)],
        ['erase across', () => api.as(me).delete(`/websites/${mine.site.id}/visitors/${visitor.visitor.id}`)],
      ];
      for (const [name, call] of cases) {
        const res = await call();
        expect([name, res.status]).toEqual([name, 404]);
        expectError(res, 404, 'NOT_FOUND');
      }
      // nothing changed on their side
      const still = await api.as(theirs.owner).get(`/conversations/${conversation.id}/messages`);
      expect(still.body.messages[0]).toMatchObject({ body: 'theirs', deletedAt: null });
      const website = await api.as(theirs.owner).get(`/websites/${theirs.site.id}`);
      expect(website.body).toMatchObject({ key: theirs.site.key, identitySecretSet: false, retentionDays: null });
    });
  });
});
