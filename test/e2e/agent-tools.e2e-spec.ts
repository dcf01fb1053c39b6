import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AgentSession, Api, expectError, WebsiteInfo } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { team, visitorConversation } from '../support/team';
import { startTestApp, TestApp } from '../support/test-app';

describe('agent tools: canned responses, tags, search', () => {
  let running: TestApp;
  let api: Api;
  let pg: Client;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 1000 });
    api = running.api;
    pg = new Client({ connectionString: running.db.url });
    await pg.connect();
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await pg.end();
    await running.close();
  });

  const count = async (table: string) => (await pg.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  describe('canned responses', () => {
    it('lets owners and admins manage them and every member read them, shortcuts unique regardless of case', async () => {
      const { owner, site, members } = await team(api, running.db.url, ['admin', 'agent'], 'Canned');
      const [admin, agent] = members;
      const made = await api.as(admin).post(`/websites/${site.id}/canned-responses`, {
        shortcut: 'refund',
        title: 'Refund policy',
        body: 'Hi {{visitor.name | there}}, refunds take 5 days. — {{agent.name}}',
      });
      expect(made.status).toBe(201);
      expect(made.body).toEqual({
        id: expect.any(String),
        shortcut: 'refund',
        title: 'Refund policy',
        body: 'Hi {{visitor.name | there}}, refunds take 5 days. — {{agent.name}}',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expectError(
        await api.as(owner).post(`/websites/${site.id}/canned-responses`, { shortcut: 'REFUND', body: 'x' }),
        409,
        'SHORTCUT_TAKEN',
      );
      expectError(
        await api.as(agent).post(`/websites/${site.id}/canned-responses`, { shortcut: 'mine', body: 'x' }),
        403,
        'FORBIDDEN',
      );
      await api
        .as(owner)
        .post(`/websites/${site.id}/canned-responses`, { shortcut: 'hello', body: 'Hello!' })
        .expect(201);

      const listed = await api.as(agent).get(`/websites/${site.id}/canned-responses`);
      expect(listed.body.items.map((c: { shortcut: string }) => c.shortcut)).toEqual(['hello', 'refund']);
      expect(listed.body.nextCursor).toBeNull();
      const filtered = await api.as(agent).get(`/websites/${site.id}/canned-responses?q=5%20days`);
      expect(filtered.body.items.map((c: { shortcut: string }) => c.shortcut)).toEqual(['refund']);

      expectError(await api.as(agent).patch(`/canned-responses/${made.body.id}`, { body: 'no' }), 403, 'FORBIDDEN');
      const edited = await api
        .as(admin)
        .patch(`/canned-responses/${made.body.id}`, { title: null, shortcut: 'refunds' });
      expect(edited.body).toMatchObject({ shortcut: 'refunds', title: null });
      expectError(
        await api.as(admin).patch(`/canned-responses/${made.body.id}`, { shortcut: 'HELLO' }),
        409,
        'SHORTCUT_TAKEN',
      );

      const stranger = await api.signup('Stranger');
      expectError(await api.as(stranger).get(`/websites/${site.id}/canned-responses`), 404, 'NOT_FOUND');
      expectError(
        await api.as(stranger).patch(`/canned-responses/${made.body.id}`, { body: 'mine' }),
        404,
        'NOT_FOUND',
      );
      expectError(await api.as(stranger).delete(`/canned-responses/${made.body.id}`), 404, 'NOT_FOUND');
      expect((await api.as(owner).delete(`/canned-responses/${made.body.id}`)).status).toBe(204);
      expectError(await api.as(owner).delete(`/canned-responses/${made.body.id}`), 404, 'NOT_FOUND');
    });

    it('refuses bad canned responses, storing nothing', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Bad canned');
      const before = await count('canned_responses');
      for (const body of [
        { shortcut: '', body: 'x' },
        { shortcut: 'has space', body: 'x' },
        { shortcut: 'x'.repeat(33), body: 'x' },
        { shortcut: 'é', body: 'x' },
        { shortcut: 'ok', body: '   ' },
        { shortcut: 'ok', body: 'x'.repeat(5001) },
        { shortcut: 'ok' },
        { shortcut: 'ok', body: 'x', title: 'x'.repeat(101) },
        { shortcut: 'ok', body: 'x', websiteId: randomUUID() },
        { shortcut: 7, body: 'x' },
      ]) {
        expectError(await api.as(owner).post(`/websites/${site.id}/canned-responses`, body), 400, 'VALIDATION_FAILED');
      }
      expect(await count('canned_responses')).toBe(before);
    });
  });

  describe('tags', () => {
    let owner: AgentSession;
    let agent: AgentSession;
    let site: WebsiteInfo;

    beforeAll(async () => {
      ({
        owner,
        site,
        members: [agent],
      } = await team(api, running.db.url, ['agent'], 'Tags'));
    });

    it('keeps a catalogue: any member creates, owners and admins rename and delete; names unique regardless of case', async () => {
      const billing = await api.as(agent).post(`/websites/${site.id}/tags`, { name: 'Billing', color: '#aa3300' });
      expect(billing.status).toBe(201);
      expect(billing.body).toEqual({ id: expect.any(String), name: 'Billing', color: '#aa3300', conversations: 0 });
      expectError(await api.as(owner).post(`/websites/${site.id}/tags`, { name: 'billing' }), 409, 'TAG_TAKEN');
      expectError(await api.as(agent).patch(`/tags/${billing.body.id}`, { name: 'Money' }), 403, 'FORBIDDEN');
      const stranger = await api.signup('Tag stranger');
      expectError(await api.as(stranger).patch(`/tags/${billing.body.id}`, { name: 'Mine' }), 404, 'NOT_FOUND');
      expectError(await api.as(stranger).get(`/websites/${site.id}/tags`), 404, 'NOT_FOUND');
      for (const body of [{ name: '' }, { name: 'x'.repeat(41) }, { name: 'ok', color: 'red' }, { name: 5 }]) {
        expectError(await api.as(owner).post(`/websites/${site.id}/tags`, body), 400, 'VALIDATION_FAILED');
      }
    });

    it('tags conversations from the catalogue only, broadcasts the change, filters by every tag given, and follows renames', async () => {
      const urgent = (await api.as(owner).post(`/websites/${site.id}/tags`, { name: 'Urgent' })).body;
      await api.as(owner).post(`/websites/${site.id}/tags`, { name: 'VIP' }).expect(201);
      const watcher = await connect(running.url, { token: owner.accessToken });
      sockets.push(watcher);
      const one = await visitorConversation(api, running.url, site, 'first');
      const two = await visitorConversation(api, running.url, site, 'second');
      sockets.push(one.socket, two.socket);

      const tagged = await api.as(agent).put(`/conversations/${one.conversation.id}/tags`, { tags: ['urgent', 'VIP'] });
      expect(tagged.status).toBe(200);
      expect(tagged.body.conversation.tags).toEqual(['Urgent', 'VIP']);
      await api
        .as(agent)
        .put(`/conversations/${two.conversation.id}/tags`, { tags: ['Urgent'] })
        .expect(200);
      const [update] = await watcher.waitFor('conversation:updated', 1);
      expect(update.conversation).toMatchObject({ id: one.conversation.id, tags: ['Urgent', 'VIP'] });

      const before = (await pg.query('SELECT tags FROM conversations WHERE id = $1', [one.conversation.id])).rows[0]
        .tags;
      expectError(
        await api.as(agent).put(`/conversations/${one.conversation.id}/tags`, { tags: ['Urgent', 'Urgnet'] }),
        400,
        'UNKNOWN_TAG',
      );
      expect(
        (await pg.query('SELECT tags FROM conversations WHERE id = $1', [one.conversation.id])).rows[0].tags,
      ).toEqual(before);

      const both = await api.as(agent).get(`/websites/${site.id}/conversations?tag=Urgent&tag=VIP`);
      expect(both.body.items.map((c: { id: string }) => c.id)).toEqual([one.conversation.id]);
      const urgentOnly = await api.as(agent).get(`/websites/${site.id}/conversations?tag=Urgent`);
      expect(urgentOnly.body.items).toHaveLength(2);
      const catalogue = await api.as(agent).get(`/websites/${site.id}/tags`);
      expect(catalogue.body.items.find((t: { name: string }) => t.name === 'Urgent').conversations).toBe(2);

      await api.as(owner).patch(`/tags/${urgent.id}`, { name: 'Critical' }).expect(200);
      expect((await api.as(agent).get(`/conversations/${one.conversation.id}`)).body.tags).toEqual(['Critical', 'VIP']);
      expect((await api.as(owner).delete(`/tags/${urgent.id}`)).status).toBe(204);
      expect((await api.as(agent).get(`/conversations/${two.conversation.id}`)).body.tags).toEqual([]);

      const stranger = await api.signup('Tagger');
      expectError(
        await api.as(stranger).put(`/conversations/${one.conversation.id}/tags`, { tags: [] }),
        404,
        'NOT_FOUND',
      );
      for (const body of [
        { tags: 'VIP' },
        { tags: [5] },
        { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
        {},
      ]) {
        expectError(
          await api.as(agent).put(`/conversations/${one.conversation.id}/tags`, body),
          400,
          'VALIDATION_FAILED',
        );
      }
    });
  });

  describe('search', () => {
    let owner: AgentSession;
    let site: WebsiteInfo;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      ({ owner, site } = await team(api, running.db.url, [], 'Search'));
      const conversations: [string, string[], { name?: string; email?: string }][] = [
        [
          'refund',
          ['I would like a refund for my order', 'It arrived broken'],
          { name: 'Petra Novak', email: 'petra@shop.example' },
        ],
        ['shipping', ['When will my parcel ship?', 'The tracking says nothing'], { name: 'Sam' }],
        ['paypal', ['Can I get my refund through PayPal instead?'], { email: 'zoe@mail.example' }],
        ['html', ['<b>bold</b> question about refunds & returns'], {}],
      ];
      for (const [key, bodies, who] of conversations) {
        const { visitor, conversation, socket } = await visitorConversation(api, running.url, site, bodies[0]);
        sockets.push(socket);
        for (const body of bodies.slice(1)) {
          await socket.emit('message:new', { conversationId: conversation.id, body, clientMessageId: randomUUID() });
        }
        if (who.name || who.email) await api.visitor(visitor.visitorToken).patch('/visitor', who).expect(200);
        ids[key] = conversation.id;
      }
      const other = await team(api, running.db.url, [], 'Other tenant');
      const theirs = await visitorConversation(api, running.url, other.site, 'refund please, secret tenant');
      sockets.push(theirs.socket);
    });

    const search = async (q: string, extra = '') => {
      const res = await api.as(owner).get(`/websites/${site.id}/search?q=${encodeURIComponent(q)}${extra}`);
      expect(res.status).toBe(200);
      return res.body as {
        items: {
          conversation: { id: string };
          visitor: object;
          hits: { seq: number; snippet: string; highlights: [number, number][] }[];
        }[];
        nextCursor: string | null;
      };
    };
    const found = async (q: string, extra = '') => (await search(q, extra)).items.map((i) => i.conversation.id);

    it('finds word stems, phrases and exclusions, never another tenant’s messages', async () => {
      expect((await found('refunds')).sort()).toEqual([ids.refund, ids.paypal, ids.html].sort());
      expect(await found('"arrived broken"')).toEqual([ids.refund]);
      expect((await found('refund -paypal')).sort()).toEqual([ids.refund, ids.html].sort());
      expect(await found('secret tenant')).toEqual([]);
      expect(await found('tracking nothing')).toEqual([ids.shipping]);
      // Words are matched within one message, as people quote what was written.
      expect(await found('parcel tracking')).toEqual([]);
    });

    it('matches visitors by the start of their name or email', async () => {
      expect(await found('petr')).toEqual([ids.refund]);
      expect(await found('zoe@mail')).toEqual([ids.paypal]);
      const [hit] = (await search('zoe@')).items;
      expect(hit.visitor).toEqual({ id: expect.any(String), name: null, email: 'zoe@mail.example' });
    });

    it('gives plain-text snippets whose highlights point at the matched words, HTML kept as text', async () => {
      const [item] = (await search('broken')).items;
      const [hit] = item.hits;
      expect(hit.seq).toBe(2);
      const chars = Array.from(hit.snippet);
      expect(hit.highlights.map(([s, e]) => chars.slice(s, e).join(''))).toEqual(['broken']);
      const [html] = (await search('bold')).items;
      expect(html.hits[0].snippet).toContain('<b>bold</b>');
      expect(html.hits[0].highlights.map(([s, e]) => Array.from(html.hits[0].snippet).slice(s, e).join(''))).toEqual([
        'bold',
      ]);
    });

    it('filters and pages, and refuses bad queries', async () => {
      await api.as(owner).post(`/conversations/${ids.refund}/close`).expect(200);
      expect(await found('refund', '&status=closed')).toEqual([ids.refund]);
      expect(await found('refund', '&status=open&from=2000-01-01&to=2999-12-31')).not.toContain(ids.refund);
      expect(await found('refund', '&to=2000-01-01')).toEqual([]);
      const first = await search('refund', '&limit=1');
      expect(first.items).toHaveLength(1);
      const second = await search('refund', `&limit=1&cursor=${first.nextCursor}`);
      expect(second.items[0].conversation.id).not.toBe(first.items[0].conversation.id);
      for (const bad of [
        '',
        '?q=',
        '?q=x&limit=0',
        '?q=x&from=yesterday',
        '?q=x&cursor=nope',
        '?q=x&status=pending',
        '?q=x&foo=1',
      ]) {
        expectError(await api.as(owner).get(`/websites/${site.id}/search${bad}`), 400, 'VALIDATION_FAILED');
      }
      const stranger = await api.signup('Searcher');
      expectError(await api.as(stranger).get(`/websites/${site.id}/search?q=refund`), 404, 'NOT_FOUND');
    });

    it('uses the same search for the inbox’s q', async () => {
      const listed = await api.as(owner).get(`/websites/${site.id}/conversations?q=refunds`);
      expect(listed.body.items.map((c: { id: string }) => c.id).sort()).toEqual(
        [ids.refund, ids.paypal, ids.html].sort(),
      );
    });

    it('filters the inbox by last activity: a bare date is the whole day, a bad date is 400', async () => {
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const listed = async (query: string) => {
        const res = await api.as(owner).get(`/websites/${site.id}/conversations?${query}`).expect(200);
        return res.body.items.map((c: { id: string }) => c.id) as string[];
      };
      const all = await listed('');
      expect(all).toContain(ids.refund);
      expect((await listed(`from=${day(-1)}&to=${day(1)}`)).sort()).toEqual([...all].sort());
      expect(await listed(`to=${day(0)}`)).toContain(ids.refund);
      expect(await listed(`to=${day(-1)}`)).toEqual([]);
      expect(await listed(`from=${new Date(Date.now() + 3_600_000).toISOString()}`)).toEqual([]);
      for (const bad of ['from=yesterday', 'to=2026-13-45', `from=${'9'.repeat(50)}`]) {
        expectError(await api.as(owner).get(`/websites/${site.id}/conversations?${bad}`), 400, 'VALIDATION_FAILED');
      }
    });
  });
});
