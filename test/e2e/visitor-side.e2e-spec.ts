import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { Api, expectError } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { team, until, visitorConversation } from '../support/team';
import { startTestApp, TestApp } from '../support/test-app';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d4948445200000001000000010806000000', 'hex'),
]);
const MAX = 64 * 1024;

/** Attachments, read receipts, ratings and the widget's language: "The visitor's side" of the contract. */
describe("the visitor's side", () => {
  let running: TestApp;
  let api: Api;
  let pg: Client;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    running = await startTestApp({ attachmentMaxBytes: MAX, authRateLimit: 1000 });
    api = running.api;
    pg = new Client({ connectionString: running.db.url });
    await pg.connect();
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await pg.end();
    await running.close();
  });

  const setup = async () => {
    const { owner, site, members } = await team(api, running.db.url, ['agent']);
    const chat = await visitorConversation(api, running.url, site);
    sockets.push(chat.socket);
    const agentSocket = await connect(running.url, { token: owner.accessToken });
    sockets.push(agentSocket);
    return { owner, site, member: members[0], ...chat, agentSocket };
  };

  const asVisitor = (token: string, path: string) =>
    request(running.url).post(`/api/v1/widget${path}`).set('X-Visitor-Token', token);
  const asAgent = (token: string, path: string) =>
    request(running.url).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`);
  const fileCount = () => {
    const dir = running.config.attachmentsDir;
    return existsSync(dir) ? readdirSync(dir).reduce((n, d) => n + readdirSync(join(dir, d)).length, 0) : 0;
  };

  describe('attachments', () => {
    it('sends an image from the widget as a message with a signed link; the agent sees it live and downloads it', async () => {
      const { visitor, conversation, agentSocket, socket } = await setup();
      const clientMessageId = randomUUID();
      const sent = await asVisitor(visitor.visitorToken, `/conversations/${conversation.id}/attachments`)
        .field('body', 'my screen')
        .field('clientMessageId', clientMessageId)
        .attach('file', PNG, { filename: '../shot 😀.png', contentType: 'application/octet-stream' });
      expect(sent.status).toBe(201);
      const message = sent.body.message;
      expect(message).toMatchObject({ body: 'my screen', clientMessageId, sender: { type: 'visitor' } });
      expect(message.attachments).toEqual([
        { id: expect.any(String), name: 'shot 😀.png', type: 'image/png', size: PNG.length, url: expect.any(String) },
      ]);
      const live = await agentSocket.waitFor('message:new', 1);
      expect(live[0].message.attachments[0].id).toBe(message.attachments[0].id);
      await socket.waitFor('message:new', 1);

      const url = new URL(message.attachments[0].url);
      expect(url.origin).toBe(running.config.publicUrl);
      const got = await request(running.url)
        .get(url.pathname + url.search)
        .buffer(true);
      expect(got.status).toBe(200);
      expect(got.headers['content-type']).toBe('image/png');
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-disposition']).toMatch(/^inline; /);
      expect(got.headers['content-security-policy']).toContain('sandbox');
      expect(Buffer.compare(got.body as Buffer, PNG)).toBe(0);

      // History carries it too, with a working link.
      const history = await api.visitor(visitor.visitorToken).get(`/conversations/${conversation.id}/messages`);
      expect(history.body.messages.at(-1).attachments[0].id).toBe(message.attachments[0].id);

      // A replay of the same clientMessageId answers with the stored message and keeps no second file.
      const files = fileCount();
      const again = await asVisitor(visitor.visitorToken, `/conversations/${conversation.id}/attachments`)
        .field('clientMessageId', clientMessageId)
        .attach('file', PNG, 'again.png');
      expect(again.status).toBe(201);
      expect(again.body.message.id).toBe(message.id);
      expect(fileCount()).toBe(files);
    });

    it('serves text and PDF as downloads, never inline; an agent may send a file without words', async () => {
      const { owner, conversation, socket } = await setup();
      const sent = await asAgent(owner.accessToken, `/conversations/${conversation.id}/attachments`).attach(
        'file',
        Buffer.from('line one\nline two\n'),
        { filename: 'notes.txt', contentType: 'text/html' },
      );
      expect(sent.status).toBe(201);
      expect(sent.body.message).toMatchObject({ body: '', sender: { type: 'agent' } });
      expect(sent.body.message.attachments[0]).toMatchObject({ type: 'text/plain', name: 'notes.txt' });
      await socket.waitFor('message:new', 1);
      const url = new URL(sent.body.message.attachments[0].url);
      const got = await request(running.url).get(url.pathname + url.search);
      expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(got.headers['content-disposition']).toMatch(/^attachment; filename="notes.txt"/);

      const pdf = await asAgent(owner.accessToken, `/conversations/${conversation.id}/attachments`).attach(
        'file',
        Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj\n', 'latin1'),
        'invoice.pdf',
      );
      expect(pdf.body.message.attachments[0].type).toBe('application/pdf');
    });

    it('judges by content: HTML called image/png, an executable or an SVG is 415; over the limit is 413; nothing is stored', async () => {
      const { visitor, conversation } = await setup();
      const before = await pg.query('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [
        conversation.id,
      ]);
      const files = fileCount();
      const upload = () => asVisitor(visitor.visitorToken, `/conversations/${conversation.id}/attachments`);
      expectError(
        await upload().attach('file', Buffer.from('<html><script>alert(1)</script></html>\u0000'), {
          filename: 'cat.png',
          contentType: 'image/png',
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(
        await upload().attach('file', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'setup.exe'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(
        await upload().attach('file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), 'doc.zip'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(await upload().attach('file', Buffer.alloc(MAX + 1, 0x61), 'big.txt'), 413, 'PAYLOAD_TOO_LARGE');
      expectError(await upload().attach('file', Buffer.alloc(0), 'empty.txt'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectError(await upload().field('body', 'no file'), 400, 'VALIDATION_FAILED');
      expectError(await upload().send({ body: 'json' }), 400, 'VALIDATION_FAILED');
      expectError(await upload().attach('file', PNG, 'a.png').attach('other', PNG, 'b.png'), 400, 'VALIDATION_FAILED');
      expectError(
        await upload().field('clientMessageId', 'nope').attach('file', PNG, 'a.png'),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await upload().field('body', 'a\u0007b').attach('file', PNG, 'a.png'), 400, 'VALIDATION_FAILED');
      const after = await pg.query('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [
        conversation.id,
      ]);
      expect(after.rows[0].n).toBe(before.rows[0].n);
      expect(fileCount()).toBe(files);
    });

    it('keeps files to their conversation: other tenants get 404, forged and expired links 403', async () => {
      const first = await setup();
      const second = await setup();
      const sent = await asVisitor(
        first.visitor.visitorToken,
        `/conversations/${first.conversation.id}/attachments`,
      ).attach('file', PNG, 'a.png');
      const url = new URL(sent.body.message.attachments[0].url);
      // Another website's visitor and agent cannot upload into it.
      expectError(
        await asVisitor(second.visitor.visitorToken, `/conversations/${first.conversation.id}/attachments`).attach(
          'file',
          PNG,
          'x.png',
        ),
        404,
        'NOT_FOUND',
      );
      expectError(
        await asAgent(second.owner.accessToken, `/conversations/${first.conversation.id}/attachments`).attach(
          'file',
          PNG,
          'x.png',
        ),
        404,
        'NOT_FOUND',
      );
      // The link's signature names the conversation and the file: moving either, or the expiry, breaks it.
      const [, , , , conversationId, attachmentId] = url.pathname.split('/');
      const moved = url.pathname.replace(conversationId, second.conversation.id) + url.search;
      expectError(await request(running.url).get(moved), 403, 'FORBIDDEN');
      const forged = new URL(url);
      forged.searchParams.set('signature', 'A'.repeat(43));
      expectError(await request(running.url).get(forged.pathname + forged.search), 403, 'FORBIDDEN');
      const later = new URL(url);
      later.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
      expectError(await request(running.url).get(later.pathname + later.search), 403, 'FORBIDDEN');
      expectError(await request(running.url).get(url.pathname), 403, 'FORBIDDEN');
      expectError(
        await request(running.url).get(`/api/v1/attachments/${conversationId}/${randomUUID()}${url.search}`),
        403,
        'FORBIDDEN',
      );
      expect(attachmentId).toBe(sent.body.message.attachments[0].id);

      const { attachmentLink } = await import('../../src/conversations/attachment-links');
      const old = new URL(attachmentLink(conversationId, { id: attachmentId }, Date.now() - 3 * 24 * 3600_000));
      const expired = await request(running.url).get(old.pathname + old.search);
      expectError(expired, 403, 'FORBIDDEN');
      expect(expired.body.error.message).toMatch(/expired/);
    });

    it('removes the file with its message, and with an erased visitor', async () => {
      const { owner, site, visitor, conversation } = await setup();
      const one = await asVisitor(visitor.visitorToken, `/conversations/${conversation.id}/attachments`).attach(
        'file',
        PNG,
        'a.png',
      );
      const two = await asVisitor(visitor.visitorToken, `/conversations/${conversation.id}/attachments`).attach(
        'file',
        PNG,
        'b.png',
      );
      const dir = join(running.config.attachmentsDir, conversation.id);
      expect(readdirSync(dir)).toHaveLength(2);

      expect((await api.as(owner).delete(`/messages/${one.body.message.id}`)).status).toBe(204);
      const first = new URL(one.body.message.attachments[0].url);
      expectError(await request(running.url).get(first.pathname + first.search), 404, 'NOT_FOUND');
      await until('the first file gone', () => readdirSync(dir).length === 1);
      const redacted = await pg.query('SELECT body, attachments FROM messages WHERE id = $1', [one.body.message.id]);
      expect(redacted.rows[0]).toEqual({ body: '', attachments: [] });

      expect((await api.as(owner).delete(`/websites/${site.id}/visitors/${visitor.visitor.id}`)).status).toBe(204);
      await until('the second file gone', () => readdirSync(dir).length === 0);
      const second = new URL(two.body.message.attachments[0].url);
      expectError(await request(running.url).get(second.pathname + second.search), 404, 'NOT_FOUND');
    });

    it('limits uploads per visitor', async () => {
      const limited = await startTestApp({
        limits: { ...running.config.limits, visitorAttachmentsPerHour: 2 },
      });
      try {
        const { site } = await team(limited.api, limited.db.url, []);
        const chat = await visitorConversation(limited.api, limited.url, site);
        sockets.push(chat.socket);
        const upload = () =>
          request(limited.url)
            .post(`/api/v1/widget/conversations/${chat.conversation.id}/attachments`)
            .set('X-Visitor-Token', chat.visitor.visitorToken)
            .attach('file', PNG, 'a.png');
        expect((await upload()).status).toBe(201);
        expect((await upload()).status).toBe(201);
        const third = await upload();
        expectError(third, 429, 'RATE_LIMITED');
        expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await limited.close();
      }
    });
  });

  describe('read receipts', () => {
    it('tells both sides when the visitor or the team read, forward only', async () => {
      const { owner, member, visitor, conversation, socket, agentSocket } = await setup();
      const reply = await api.as(owner).post(`/conversations/${conversation.id}/messages`, {
        body: 'hi there',
        clientMessageId: randomUUID(),
      });
      const seq = reply.body.message?.seq ?? reply.body.seq;
      expect(seq).toBe(2);

      expect(
        (await asVisitor(visitor.visitorToken, `/conversations/${conversation.id}/read`).send({ seq })).status,
      ).toBe(204);
      const [toAgent] = await agentSocket.waitFor('conversation:read', 1);
      expect(toAgent).toEqual({ conversationId: conversation.id, seq: 2, by: { type: 'visitor' } });
      const [toVisitor] = await socket.waitFor('conversation:read', 1);
      expect(toVisitor).toEqual(toAgent);
      // Again, or backwards: nothing moves, nothing is said.
      await asVisitor(visitor.visitorToken, `/conversations/${conversation.id}/read`).send({ seq: 1 }).expect(204);
      expect(await socket.during('conversation:read', 300)).toEqual([]);
      const seen = await api.as(owner).get(`/conversations/${conversation.id}`);
      expect((seen.body.conversation ?? seen.body).visitorReadSeq).toBe(2);

      await api.as(member).post(`/conversations/${conversation.id}/read`, { seq: 99 }).expect(204);
      const reads = await socket.waitFor('conversation:read', 2);
      expect(reads[1]).toEqual({ conversationId: conversation.id, seq: 2, by: { type: 'agent' } });
      const listed = await api.visitor(visitor.visitorToken).get('/conversations');
      expect(listed.body.items[0]).toMatchObject({ id: conversation.id, agentReadSeq: 2, visitorReadSeq: 2 });

      expectError(
        await asVisitor(visitor.visitorToken, `/conversations/${conversation.id}/read`).send({ seq: -1 }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await asVisitor(visitor.visitorToken, `/conversations/${randomUUID()}/read`).send({ seq: 1 }),
        404,
        'NOT_FOUND',
      );
      const stranger = await api.bootstrap((await setup()).site.key);
      expectError(
        await asVisitor(stranger.visitorToken, `/conversations/${conversation.id}/read`).send({ seq: 1 }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('ratings', () => {
    it('takes one rating once the conversation is closed, shows it to agents and in the report', async () => {
      const { owner, site, visitor, conversation, agentSocket } = await setup();
      const rate = (body: unknown) =>
        asVisitor(visitor.visitorToken, `/conversations/${conversation.id}/rating`).send(body as object);
      expectError(await rate({ score: 5 }), 409, 'CONVERSATION_OPEN');
      await api.as(owner).post(`/conversations/${conversation.id}/close`).expect(200);
      for (const bad of [
        { score: 0 },
        { score: 6 },
        { score: 4.5 },
        { score: '5' },
        {},
        { score: 5, comment: 'x'.repeat(1001) },
        { score: 5, extra: 1 },
      ]) {
        expectError(await rate(bad), 400, 'VALIDATION_FAILED');
      }
      agentSocket.clear();
      const rated = await rate({ score: 4, comment: '  quick and kind  ' });
      expect(rated.status).toBe(201);
      expect(rated.body.conversation.rating).toEqual({ score: 4, comment: 'quick and kind', at: expect.any(String) });
      const [update] = await agentSocket.waitFor('conversation:updated', 1);
      expect(update.conversation.rating.score).toBe(4);
      expectError(await rate({ score: 1 }), 409, 'ALREADY_RATED');

      const report = await api.as(owner).get(`/websites/${site.id}/reports/csat`);
      expect(report.body).toEqual({ count: 1, average: 4, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } });
      const future = await api.as(owner).get(`/websites/${site.id}/reports/csat?from=2999-01-01`);
      expect(future.body).toMatchObject({ count: 0, average: null });
      expectError(
        await api.as(owner).get(`/websites/${site.id}/reports/csat?from=yesterday`),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await api.as(owner).get(`/websites/${site.id}/reports/csat?from=2026-02-01&to=2026-01-01`),
        400,
        'VALIDATION_FAILED',
      );
      const stranger = await api.signup('Stranger');
      expectError(await api.as(stranger).get(`/websites/${site.id}/reports/csat`), 404, 'NOT_FOUND');
    });

    it('is refused when the website turned ratings off', async () => {
      const { owner, site, visitor, conversation } = await setup();
      await api.as(owner).patch(`/websites/${site.id}`, { csatEnabled: false }).expect(200);
      await api.as(owner).post(`/conversations/${conversation.id}/close`).expect(200);
      expectError(
        await asVisitor(visitor.visitorToken, `/conversations/${conversation.id}/rating`).send({ score: 5 }),
        409,
        'RATINGS_OFF',
      );
      expect((await api.bootstrap(site.key, visitor.visitorToken)).website.csatEnabled).toBe(false);
    });
  });

  describe('languages', () => {
    it('keeps the widget language as a website field and shows it in the bootstrap', async () => {
      const { owner, site } = await setup();
      expect((await api.as(owner).get(`/websites/${site.id}`)).body).toMatchObject({
        locale: 'auto',
        csatEnabled: true,
      });
      expect((await api.bootstrap(site.key)).website).toMatchObject({ locale: 'auto', csatEnabled: true });
      const changed = await api.as(owner).patch(`/websites/${site.id}`, { locale: 'pt-BR' });
      expect(changed.body.locale).toBe('pt-BR');
      expect((await api.bootstrap(site.key)).website.locale).toBe('pt-BR');
      for (const bad of ['pt-br', 'xx', '', 7, null]) {
        expectError(await api.as(owner).patch(`/websites/${site.id}`, { locale: bad }), 400, 'VALIDATION_FAILED');
      }
      const audit = await api.as(owner).get(`/websites/${site.id}/audit`);
      expect(audit.body.items[0].details.changes.locale).toEqual({ old: 'auto', new: 'pt-BR' });
    });
  });
});
