import { randomBytes, randomUUID } from 'node:crypto';
import { Api, AgentSession, expectError } from '../support/api';
import { decoded, isAccountMail, mailbox } from '../support/mailbox';
import { connect, TestSocket } from '../support/sockets';
import { team, until, visitorConversation } from '../support/team';
import { startCluster, startTestApp, TestApp, TestCluster } from '../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Shortened from 180 s so the tests wait seconds, not minutes. */
const NOTIFY = { notifyAfterSeconds: 1, outboxPollMs: 100, outboxRetryMs: 200 };

describe('reaching people who are away', () => {
  let mail: Awaited<ReturnType<typeof mailbox>>;
  let running: TestApp;
  let api: Api;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    mail = await mailbox();
    running = await startTestApp({ authRateLimit: 1000, smtpUrl: mail.url, presenceGraceMs: 100, ...NOTIFY });
    api = running.api;
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await running.close();
    await mail.close();
  });

  const mailsTo = (email: string) => mail.received.filter((m) => m.to === email && !isAccountMail(m));
  const settle = (ms = 1800) => new Promise((r) => setTimeout(r, ms));

  describe('to agents', () => {
    it('mails an unread visitor message once, after the delay, to the members who want it', async () => {
      const { owner, site, members } = await team(api, running.db.url, ['agent', 'agent'], 'Unread');
      const [quiet, assigned] = members;
      await api
        .as(quiet)
        .patch('/me', { notifications: { email: 'none' } })
        .expect(200);
      expect(
        (await api.as(assigned).patch('/me', { notifications: { email: 'assigned' } })).body.agent.notifications,
      ).toEqual({
        email: 'assigned',
      });
      const { conversation, socket } = await visitorConversation(api, running.url, site, 'Is anyone there?');
      sockets.push(socket);
      await socket.emit('message:new', {
        conversationId: conversation.id,
        body: 'Hello?',
        clientMessageId: randomUUID(),
      });
      await until('one mail to the owner', () => mailsTo(owner.agent.email).length === 1, 8000);
      await settle();
      expect(mailsTo(owner.agent.email)).toHaveLength(1);
      expect(mailsTo(quiet.agent.email)).toHaveLength(0);
      expect(mailsTo(assigned.agent.email)).toHaveLength(0); // not theirs
      const text = decoded(mailsTo(owner.agent.email)[0].text);
      expect(text).toContain('Is anyone there?');
      expect(text).toContain('Hello?');
      expect(text).toContain(`/app/conversations/${conversation.id}`);
      expect(text).toMatch(/Content-Type: text\/html/);

      // Assigned: only the assignee hears of the next one.
      await api.as(assigned).post(`/conversations/${conversation.id}/claim`).expect(200);
      await socket.emit('message:new', {
        conversationId: conversation.id,
        body: 'Still here',
        clientMessageId: randomUUID(),
      });
      await until('the assignee mailed', () => mailsTo(assigned.agent.email).length === 1, 8000);
      expect(mailsTo(owner.agent.email)).toHaveLength(1);
    });

    it('sends nothing when someone read the conversation in time', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Read in time');
      const { conversation, socket } = await visitorConversation(api, running.url, site, 'quick question');
      sockets.push(socket);
      await api.as(owner).post(`/conversations/${conversation.id}/read`, { seq: 1 }).expect(204);
      await settle(2500);
      expect(mailsTo(owner.agent.email)).toHaveLength(0);
    });

    it('retries a mail the SMTP server refuses, then delivers it', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Retry');
      mail.refuse(2);
      const before = mail.refused();
      const { socket } = await visitorConversation(api, running.url, site, 'please answer');
      sockets.push(socket);
      await until('delivered after refusals', () => mailsTo(owner.agent.email).length === 1, 15_000);
      expect(mail.refused() - before).toBe(2);
    });
  });

  describe('to visitors', () => {
    it('mails the team’s reply to a visitor who was gone, with a way back and a way out', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Visitor mail');
      const visitor = await api.bootstrap(site.key);
      const email = `visitor-${randomBytes(3).toString('hex')}@example.com`;
      await api.visitor(visitor.visitorToken).patch('/visitor', { email }).expect(200);
      const socket = await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
      const opened = await socket.emit('conversation:open', {
        body: 'Do you ship to Norway?',
        clientMessageId: randomUUID(),
        pageUrl: 'https://shop.example/shipping?from=ad',
        pageTitle: 'Shipping',
      });
      if (!opened.ok) throw new Error(JSON.stringify(opened));
      expect(opened.conversation).toMatchObject({
        pageUrl: 'https://shop.example/shipping?from=ad',
        pageTitle: 'Shipping',
      });
      socket.close();
      await settle(300);

      const reply = (body: string) =>
        api
          .as(owner)
          .post(`/conversations/${opened.conversation.id}/messages`, { body, clientMessageId: randomUUID() });
      await reply('Yes, in 3 days.').expect(201);
      await until('the visitor mailed', () => mailsTo(email).length === 1, 8000);
      const text = decoded(mailsTo(email)[0].text);
      expect(text).toContain('Yes, in 3 days.');
      expect(text).toContain('https://shop.example/shipping?from=ad');
      // headers are not quoted-printable: read them from the raw mail
      expect(mailsTo(email)[0].text).toMatch(/List-Unsubscribe:\s*<http[^>]+unsubscribe\?token=/);
      const link = /(http\S+\/api\/v1\/widget\/unsubscribe\?token=[\w.-]+)/.exec(text)![1];

      const unsubscribed = await api.http().get(link.replace(/^https?:\/\/[^/]+/, ''));
      expect(unsubscribed.status).toBe(200);
      expect(unsubscribed.headers['content-type']).toMatch(/text\/html/);
      await settle(1500);
      await reply('Anything else?').expect(201);
      await settle(2500);
      expect(mailsTo(email)).toHaveLength(1);
      expectError(await api.http().get('/api/v1/widget/unsubscribe?token=forged.token'), 404, 'NOT_FOUND');
    });

    it('sends nothing to a visitor whose socket got the reply', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Was there');
      const visitor = await api.bootstrap(site.key);
      const email = `present-${randomBytes(3).toString('hex')}@example.com`;
      await api.visitor(visitor.visitorToken).patch('/visitor', { email }).expect(200);
      const socket = await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
      sockets.push(socket);
      const opened = await socket.emit('conversation:open', { body: 'hi', clientMessageId: randomUUID() });
      if (!opened.ok) throw new Error('open failed');
      await api
        .as(owner)
        .post(`/conversations/${opened.conversation.id}/messages`, { body: 'hello!', clientMessageId: randomUUID() })
        .expect(201);
      await socket.waitFor('message:new', 2);
      await settle(2500);
      expect(mailsTo(email)).toHaveLength(0);
    });
  });

  describe('offline mode and business hours', () => {
    const hoursNow = (open: boolean) => {
      // Open all day, or for an hour far from now (in UTC), on every day.
      const range: [string, string] = open
        ? ['00:00', '24:00']
        : new Date().getUTCHours() < 12
          ? ['20:00', '21:00']
          : ['02:00', '03:00'];
      const days = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [range]]));
      return { timezone: 'UTC', days };
    };

    it('is online only with someone there and within business hours, and shows the offline greeting', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Hours');
      const agent = await connect(running.url, { token: owner.accessToken });
      sockets.push(agent);
      await until('online', async () => (await api.bootstrap(site.key)).website.online === true, 10_000, 500);
      const closed = await api.as(owner).patch(`/websites/${site.id}`, {
        businessHours: hoursNow(false),
        offlineGreeting: 'We are away; leave your email.',
      });
      expect(closed.status).toBe(200);
      expect(closed.body.businessHours).toEqual(hoursNow(false));
      await until(
        'offline outside the hours',
        async () => (await api.bootstrap(site.key)).website.online === false,
        10_000,
        500,
      );
      expect((await api.bootstrap(site.key)).website).toMatchObject({
        offlineGreeting: 'We are away; leave your email.',
      });
      await api
        .as(owner)
        .patch(`/websites/${site.id}`, { businessHours: hoursNow(true) })
        .expect(200);
      await until(
        'online within the hours',
        async () => (await api.bootstrap(site.key)).website.online === true,
        10_000,
        500,
      );
      await api.as(owner).patch(`/websites/${site.id}`, { businessHours: null, offlineGreeting: null }).expect(200);
    });

    it('refuses bad hours, greetings and page URLs', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Bad hours');
      for (const businessHours of [
        { timezone: 'Mars/Base', days: {} },
        { timezone: 'UTC', days: { mon: [['17:00', '09:00']] } },
        { timezone: 'UTC', days: { mon: [['9:00', '17:00']] } },
        { timezone: 'UTC', days: { funday: [['09:00', '17:00']] } },
        { timezone: 'UTC', days: { mon: [['09:00']] } },
        { timezone: 'UTC' },
        'always',
      ]) {
        expectError(await api.as(owner).patch(`/websites/${site.id}`, { businessHours }), 400, 'VALIDATION_FAILED');
      }
      expectError(
        await api.as(owner).patch(`/websites/${site.id}`, { offlineGreeting: 'x'.repeat(501) }),
        400,
        'VALIDATION_FAILED',
      );
      for (const pageUrl of ['javascript:alert(1)', 'not a url', `https://x.example/${'a'.repeat(2050)}`, 5]) {
        const res = await api.http().post('/api/v1/widget/bootstrap').send({ websiteKey: site.key, pageUrl });
        expectError(res, 400, 'VALIDATION_FAILED');
      }
      const withPage = await api
        .http()
        .post('/api/v1/widget/bootstrap')
        .send({ websiteKey: site.key, pageUrl: 'https://shop.example/cart', pageTitle: '  Cart  ' });
      expect(withPage.status).toBe(200);
    });

    it('refuses bad notification preferences', async () => {
      const agent: AgentSession = await api.signup('Prefs');
      for (const notifications of [{ email: 'sometimes' }, { sms: 'all' }, 'all', { email: null }]) {
        expectError(await api.as(agent).patch('/me', { notifications }), 400, 'VALIDATION_FAILED');
      }
      expect((await api.as(agent).get('/me')).body.agent.notifications).toEqual({ email: 'all' });
    });
  });
});

describe('notification mail with two instances', () => {
  let mail: Awaited<ReturnType<typeof mailbox>>;
  let cluster: TestCluster;

  beforeAll(async () => {
    mail = await mailbox();
    cluster = await startCluster(2, {
      redisUrl: REDIS_URL,
      redisPrefix: `zendo-test-${randomBytes(4).toString('hex')}:`,
      jwtSecret: randomBytes(32).toString('hex'),
      authRateLimit: 1000,
      smtpUrl: mail.url,
      ...NOTIFY,
    });
  });
  afterAll(async () => {
    await cluster.close();
    await mail.close();
  });

  it('sends one mail, not two, when both instances see the unread message', async () => {
    const [a, b] = cluster.instances;
    const api = new Api(a.url);
    const { owner, site } = await team(api, cluster.db.url, [], 'Both instances');
    const visitor = await api.bootstrap(site.key);
    const onA = await connect(a.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
    const onB = await connect(b.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
    const opened = await onA.emit('conversation:open', { body: 'from A', clientMessageId: randomUUID() });
    if (!opened.ok) throw new Error('open failed');
    await onB.emit('message:new', {
      conversationId: opened.conversation.id,
      body: 'from B',
      clientMessageId: randomUUID(),
    });
    const mailsTo = (email: string) => mail.received.filter((m) => m.to === email && !isAccountMail(m));
    await until('mailed', () => mailsTo(owner.agent.email).length > 0, 8000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(mailsTo(owner.agent.email)).toHaveLength(1);
    onA.close();
    onB.close();
  });
});
