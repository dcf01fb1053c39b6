/// <reference lib="dom" />
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { AgentSession, Api, WebsiteInfo } from '../support/api';
import {
  CONSOLE_BUILD,
  eventually,
  launchChromium,
  requireBrowserSetup,
  RESULTS_DIR,
  WAIT_MS,
  watchedPage,
  WatchedPage,
} from '../support/browser';
import { isAccountMail, linkToken, mailbox } from '../support/mailbox';
import { connect, Payload, TestSocket } from '../support/sockets';
import { team, until } from '../support/team';
import { startTestApp, TestApp } from '../support/test-app';

/** A console tab: what went wrong on it, the requests the server refused, and its socket. */
interface Console extends WatchedPage {
  /** `METHOD /path STATUS` of every response of 400 or more, and of every request that failed. */
  refused: string[];
  /** Events pushed to the console's socket, by name. */
  events: [string, Payload][];
  /** Whether the server has accepted the socket (its CONNECT answer has arrived). */
  connected(): boolean;
  /** The bearer token the console last sent. */
  token(): string;
  /** While held, what the server sends the console waits; `release` delivers it in order. */
  hold(): void;
  release(): void;
}

/** Each test walks through several people's consoles in turn; the machine running them is shared. */
const FLOW_MS = 150_000;

describe('team work in the console, in Chromium', () => {
  let running: TestApp;
  let api: Api;
  let browser: Browser;
  let mail: Awaited<ReturnType<typeof mailbox>>;
  const sockets: TestSocket[] = [];
  const pages: Console[] = [];

  beforeAll(async () => {
    requireBrowserSetup(CONSOLE_BUILD);
    mail = await mailbox();
    running = await startTestApp({ smtpUrl: mail.url, authRateLimit: 1000 });
    ({ api } = running);
    browser = await launchChromium();
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await Promise.all(pages.splice(0).map((p) => p.context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await mail?.close();
  });

  async function open(): Promise<Console> {
    const watched = await watchedPage(browser, { baseURL: `${running.url}/app/` });
    const { page } = watched;
    page.setDefaultTimeout(WAIT_MS);
    const refused: string[] = [];
    const events: [string, Payload][] = [];
    let bearer = '';
    let accepted = false;
    const describe = (method: string, url: string) => `${method} ${new URL(url).pathname}`;
    page.on('request', (req) => {
      const auth = req.headers()['authorization'];
      if (auth?.startsWith('Bearer ')) bearer = auth.slice('Bearer '.length);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) refused.push(`${describe(res.request().method(), res.url())} ${res.status()}`);
    });
    page.on('requestfailed', (req) =>
      refused.push(`${describe(req.method(), req.url())} ${req.failure()?.errorText ?? 'failed'}`),
    );
    // The console's socket goes through here, so a test can hold back what the server pushes.
    let held: (string | Buffer)[] | null = null;
    let toPage: ((frame: string | Buffer) => void) | null = null;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((frame) => server.send(frame));
      toPage = (frame) => ws.send(frame);
      server.onMessage((frame) => {
        const text = String(frame);
        if (text.startsWith('40')) accepted = true;
        if (text.startsWith('42')) events.push(JSON.parse(text.slice(2)));
        if (held) held.push(frame);
        else ws.send(frame);
      });
    });
    const opened: Console = {
      ...watched,
      refused,
      events,
      connected: () => accepted,
      token: () => bearer,
      hold: () => (held = []),
      release: () => {
        const frames = held ?? [];
        held = null;
        frames.forEach((frame) => toPage?.(frame));
      },
    };
    pages.push(opened);
    return opened;
  }

  async function logIn(page: Page, agent: AgentSession, websiteId: string) {
    await page.goto('login');
    await page.getByLabel('Email', { exact: true }).fill(agent.agent.email);
    await page.getByLabel('Password', { exact: true }).fill(agent.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(new RegExp(`/app/w/${websiteId}/inbox$`));
  }

  /** Waits until the server has accepted the console's socket. */
  async function connected(tab: Console) {
    await eventually('the console’s socket to connect', () => (tab.connected() ? true : undefined));
  }

  /** Waits until `locator` matches exactly `count` elements. */
  async function countOf(locator: Locator, count: number) {
    await until(`${count} × ${locator.toString()}`, async () => (await locator.count()) === count, WAIT_MS);
  }

  async function visitorOpens(site: WebsiteInfo, body: string) {
    const visitor = await api.bootstrap(site.key);
    const socket = await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
    sockets.push(socket);
    const opened = await socket.emit('conversation:open', { body, clientMessageId: randomUUID() });
    if (!opened.ok) throw new Error(`conversation:open refused: ${JSON.stringify(opened)}`);
    return { visitor, socket, conversation: opened.conversation as { id: string } };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(RESULTS_DIR, `team-${name}.png`) });
  const memberRow = (page: Page, name: string) =>
    page.getByRole('list', { name: 'Members' }).getByRole('listitem').filter({ hasText: name });
  const conversationRow = (page: Page, visitorId: string) =>
    page
      .getByRole('list', { name: 'Conversations' })
      .getByRole('button')
      .filter({ hasText: `Visitor ${visitorId.slice(0, 8)}` });

  it(
    'shows two agents each other’s status, the new conversation, who is viewing and typing, and the claim, live',
    async () => {
      const { owner: ada, site, members } = await team(api, running.db.url, ['agent'], 'Harbour');
      const [ben] = members;
      const a = await open();
      const b = await open();

      // 1. Presence: Ben watches the members page while Ada signs in, steps away and comes back.
      await logIn(b.page, ben, site.id);
      await connected(b);
      await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
      const adaRow = memberRow(b.page, ada.agent.name);
      await adaRow.filter({ hasText: '(offline)' }).waitFor();
      await logIn(a.page, ada, site.id);
      await connected(a);
      await adaRow.filter({ hasText: '(online)' }).waitFor();
      await a.page.getByRole('group', { name: 'Your status' }).getByRole('button', { name: 'Away' }).click();
      await a.page.getByRole('button', { name: 'Away', pressed: true }).waitFor();
      await adaRow.filter({ hasText: '(away)' }).waitFor();
      await shot(b.page, '1-presence');
      await a.page.getByRole('group', { name: 'Your status' }).getByRole('button', { name: 'Online' }).click();
      await adaRow.filter({ hasText: '(online)' }).waitFor();
      expect(b.events.filter(([name]) => name === 'presence').map(([, p]) => p)).toEqual(
        expect.arrayContaining([
          { agentId: ada.agent.id, status: 'online' },
          { agentId: ada.agent.id, status: 'away' },
        ]),
      );
      await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
      await b.page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));

      // 2. A visitor opens a conversation: both inboxes list it without a reload.
      const { visitor, socket, conversation } = await visitorOpens(site, 'My parcel never arrived');
      const atA = conversationRow(a.page, visitor.visitor.id);
      const atB = conversationRow(b.page, visitor.visitor.id);
      await atA.filter({ hasText: 'My parcel never arrived' }).waitFor();
      await atB.filter({ hasText: 'My parcel never arrived' }).waitFor();
      await atB.filter({ hasText: 'Unassigned' }).waitFor();
      await shot(b.page, '2-inbox');

      // 3. Both open it: each sees the other viewing; Ada's typing reaches Ben and the visitor.
      await atA.click();
      await a.page.waitForURL(new RegExp(`/inbox/${conversation.id}$`));
      await atB.click();
      await b.page.waitForURL(new RegExp(`/inbox/${conversation.id}$`));
      await b.page.getByText(`${ada.agent.name} is viewing`).waitFor();
      await a.page.getByText(`${ben.agent.name} is viewing`).waitFor();
      const composer = a.page.getByLabel('Message', { exact: true });
      await composer.pressSequentially('Let me check');
      await b.page.getByText(`${ada.agent.name} is typing…`).waitFor();
      const typing = await eventually('the agent’s typing at the visitor', () =>
        socket.received('typing').find((t) => t.typing === true),
      );
      expect(typing).toMatchObject({ conversationId: conversation.id, sender: { type: 'agent', id: ada.agent.id } });
      await shot(b.page, '3-viewing-typing');

      // 4. Ada claims it: Ben's row and header follow, and both threads say so.
      const bBar = b.page.locator('zd-assignment-bar');
      await bBar.getByRole('button', { name: 'Claim' }).waitFor();
      await a.page.getByRole('button', { name: 'Claim' }).click();
      await a.page.locator('zd-assignment-bar').getByText('Assigned to you').waitFor();
      await bBar.getByText(`Assigned to ${ada.agent.name}`).waitFor();
      await atB.filter({ hasText: `Assigned to ${ada.agent.name}` }).waitFor();
      expect(await bBar.getByRole('button', { name: 'Claim' }).count()).toBe(0);
      const bHistory = b.page.getByRole('log', { name: 'Conversation history' });
      const aHistory = a.page.getByRole('log', { name: 'Conversation history' });
      await bHistory.getByText(`${ada.agent.name} took the conversation`).waitFor();
      await aHistory.getByText(`${ada.agent.name} took the conversation`).waitFor();

      // Ada lets go (Ben sees "Claim" again), then takes it once more while Ben's console has not
      // heard yet: Ben's claim is refused, in words, and Ada keeps it.
      await a.page.getByRole('button', { name: 'Assign…' }).click();
      await a.page.getByRole('list', { name: 'Assign to' }).getByRole('button', { name: 'Unassigned' }).click();
      await bBar.getByText('Unassigned').waitFor();
      await bHistory.getByText(`${ada.agent.name} unassigned the conversation`).waitFor();
      const bClaim = bBar.getByRole('button', { name: 'Claim' });
      await bClaim.waitFor();
      b.hold();
      await a.page.getByRole('button', { name: 'Claim' }).click();
      await a.page.locator('zd-assignment-bar').getByText('Assigned to you').waitFor();
      await bClaim.click();
      await b.page
        .getByRole('alert')
        .filter({ hasText: `${ada.agent.name} took it a moment ago.` })
        .waitFor();
      await bBar.getByText(`Assigned to ${ada.agent.name}`).waitFor();
      b.release();
      await atB.filter({ hasText: `Assigned to ${ada.agent.name}` }).waitFor();
      await countOf(bHistory.getByText(`${ada.agent.name} took the conversation`), 2);
      await countOf(aHistory.getByText(`${ada.agent.name} took the conversation`), 2);
      const now = await api.as(ada).get(`/conversations/${conversation.id}`).expect(200);
      expect(now.body.assigneeId ?? now.body.conversation?.assigneeId).toBe(ada.agent.id);
      await shot(b.page, '4-claimed');

      expect(a.problems).toEqual([]);
      expect(a.refused).toEqual([]);
      expect(b.refused).toEqual([`POST /api/v1/conversations/${conversation.id}/claim 409`]);
      expect(
        b.problems.filter((p) => !/Failed to load resource: the server responded with a status of 409/.test(p)),
      ).toEqual([]);
    },
    FLOW_MS,
  );

  it(
    'invites a third person from the members page, then changes and removes a member, who loses the website live',
    async () => {
      const { owner: ada, site, members } = await team(api, running.db.url, ['agent'], 'Lighthouse');
      const [ben] = members;
      const { visitor, conversation } = await visitorOpens(site, 'Is the shop open on Sunday?');
      const a = await open();
      const b = await open();
      await logIn(a.page, ada, site.id);
      await logIn(b.page, ben, site.id);
      await connected(b);

      // 5. Ada invites Cleo by email; Cleo opens the link from the mail, makes her account and is in.
      await a.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
      await a.page.waitForURL(new RegExp(`/app/w/${site.id}/members$`));
      const email = `cleo-${randomBytes(4).toString('hex')}@example.com`;
      await a.page.getByLabel('Email', { exact: true }).fill(email);
      await a.page.getByLabel('Role', { exact: true }).selectOption('agent');
      await a.page.getByRole('button', { name: 'Send invite' }).click();
      await a.page.getByText(`Invite sent to ${email}.`).waitFor();
      const letter = await eventually('the invite mail', () =>
        mail.received.find((m) => m.to === email && !isAccountMail(m)),
      );
      const token = linkToken(letter.text, 'invite');
      const c = await open();
      await c.page.goto(`invite?token=${token}`);
      await c.page.getByRole('heading', { name: 'Join Lighthouse' }).waitFor();
      await c.page.getByLabel('Name', { exact: true }).fill('Cleo');
      await c.page.getByLabel('Password', { exact: true }).fill('a long enough password');
      await c.page.getByRole('button', { name: 'Create account and join' }).click();
      await c.page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
      await conversationRow(c.page, visitor.visitor.id).filter({ hasText: 'Is the shop open on Sunday?' }).waitFor();
      await shot(c.page, '5-invite-accepted');
      await a.page.reload();
      await memberRow(a.page, 'Cleo').filter({ hasText: email }).waitFor();
      await shot(a.page, '5-invite-members');

      // 6. Ada makes Ben an admin (his console offers assigning at once), then removes him.
      await b.page.getByRole('list', { name: 'Conversations' }).getByRole('button').first().click();
      await b.page.waitForURL(new RegExp(`/inbox/${conversation.id}$`));
      const bBar = b.page.locator('zd-assignment-bar');
      await bBar.getByRole('button', { name: 'Claim' }).waitFor();
      expect(await bBar.getByRole('button', { name: 'Assign…' }).count()).toBe(0);
      await a.page.getByLabel(`Role of ${ben.agent.name}`, { exact: true }).selectOption('admin');
      await a.page.getByText(`${ben.agent.name} is now admin.`).waitFor();
      await b.page.getByText('Your role on Lighthouse is now admin.').waitFor();
      await bBar.getByRole('button', { name: 'Assign…' }).waitFor();

      await a.page.getByRole('button', { name: `Remove ${ben.agent.name}` }).click();
      await a.page
        .getByRole('alertdialog', { name: `Remove ${ben.agent.name} from Lighthouse?` })
        .getByRole('button', { name: `Remove ${ben.agent.name}` })
        .click();
      await a.page.getByText(`${ben.agent.name} was removed.`).waitFor();
      await b.page.waitForURL(/\/app\/websites\/new$/, { timeout: 10_000 });
      await b.page.getByRole('status').filter({ hasText: 'You are no longer a member of Lighthouse.' }).waitFor();
      expect(await b.page.getByRole('combobox', { name: 'Website' }).count()).toBe(0);
      await shot(b.page, '6-removed');
      const asBen = api.bearer(b.token());
      expect((await asBen.get('/me')).status).toBe(200); // still signed in, just not on this website
      expect((await asBen.get(`/websites/${site.id}`)).status).toBe(404);
      expect((await asBen.get(`/conversations/${conversation.id}`)).status).toBe(404);
      expect((await asBen.get(`/websites/${site.id}/conversations`)).status).toBe(404);
      expect(b.events.filter(([name]) => name === 'membership:removed').map(([, p]) => p)).toEqual([
        { websiteId: site.id },
      ]);
      expect(await memberRow(a.page, ben.agent.name).count()).toBe(0);

      for (const tab of [a, b, c]) {
        expect(tab.problems).toEqual([]);
        expect(tab.refused).toEqual([]);
      }
    },
    FLOW_MS,
  );
});
