/// <reference lib="dom" />
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Page, Request } from 'playwright-core';
import { Api } from '../support/api';
import { TestApp } from '../support/test-app';
import { eventually, RESULTS_DIR } from '../support/browser';
import { Payload } from '../support/sockets';
import { consoleHarness } from '../support/console-harness';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('agent console in Chromium', () => {
  const harness = consoleHarness();
  const { visit, logIn, visitorOpens } = harness;
  let running: TestApp;
  let api: Api;
  beforeAll(() => ({ running, api } = harness));

  /** What the console's socket receives: whether the server accepted it, and every event pushed to it. */
  function socketEvents(page: Page) {
    const seen = { connected: false, events: [] as [string, Payload][] };
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/socket.io/')) return;
      ws.on('framereceived', ({ payload }) => {
        const text = String(payload);
        if (text.startsWith('40')) seen.connected = true;
        if (text.startsWith('42')) seen.events.push(JSON.parse(text.slice(2)));
      });
    });
    return seen;
  }

  it('signs up and adds a website through the forms', async () => {
    const { page, problems } = await visit();
    const email = `ada-${randomBytes(4).toString('hex')}@example.com`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await page.goto('');
    await page.waitForURL(/\/app\/login$/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ada');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();

    await page.waitForURL(/\/app\/websites\/new$/);
    await page.getByLabel('Website name', { exact: true }).fill('Ada’s shop');
    await page.getByLabel('Allowed origins', { exact: true }).fill('https://shop.example');
    await page.getByRole('button', { name: 'Create website' }).click();
    await page.waitForURL(new RegExp(`/app/w/${UUID}/settings$`));
    const websiteId = /\/w\/([^/]+)\/settings/.exec(page.url())![1];

    const login = await api.login(email, password);
    expect(login.status).toBe(200);
    const me = await api.bearer(login.body.accessToken).get('/me').expect(200);
    expect(me.body).toMatchObject({ agent: { name: 'Ada', email }, websites: [{ id: websiteId, role: 'owner' }] });
    const website = await api.bearer(login.body.accessToken).get(`/websites/${websiteId}`).expect(200);
    expect(website.body).toMatchObject({ name: 'Ada’s shop', allowedOrigins: ['https://shop.example'] });
    const snippet = await page.getByLabel('Embed snippet', { exact: true }).inputValue();
    expect(snippet).toBe(
      `<script src="${running.url}/widget.js" data-website-key="${website.body.key}" async></script>`,
    );
    expect(problems).toEqual([]);
  });

  it('shows visitors’ conversations live, replies from the composer, and keeps the session on reload', async () => {
    const agent = await api.signup('Dana');
    const site = await api.website(agent, { name: 'Live shop' });
    const { page, problems } = await visit();
    const listPath = `/api/v1/websites/${site.id}/conversations`;
    const listLoads = { started: 0, settled: 0 };
    const isListLoad = (req: Request) => new URL(req.url()).pathname === listPath;
    page.on('request', (req) => (listLoads.started += Number(isListLoad(req))));
    page.on('requestfinished', (req) => (listLoads.settled += Number(isListLoad(req))));
    page.on('requestfailed', (req) => (listLoads.settled += Number(isListLoad(req))));
    const pushed = socketEvents(page);
    await logIn(page, agent);
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
    await page.getByText('No open conversations.').waitFor();
    await eventually('the console’s socket to connect', () => (pushed.connected ? true : undefined));

    const first = await visitorOpens(site, 'Where is my order #1234?');
    const second = await visitorOpens(site, 'Do you ship to Oslo?');
    const list = page.getByRole('list', { name: 'Conversations' });
    const items = list.getByRole('button');
    // Visitors without a name are listed by the start of their id.
    const firstItem = items.filter({ hasText: `Visitor ${first.visitor.visitor.id.slice(0, 8)}` });
    const secondItem = items.filter({ hasText: `Visitor ${second.visitor.visitor.id.slice(0, 8)}` });
    await firstItem.filter({ hasText: 'Where is my order #1234?' }).waitFor();
    await secondItem.filter({ hasText: 'Do you ship to Oslo?' }).waitFor();
    expect(await items.count()).toBe(2);
    expect(await items.first().innerText()).toContain('Do you ship to Oslo?'); // newest first
    const announced = pushed.events.filter(([name]) => name === 'conversation:open').map(([, p]) => p.conversation.id);
    expect(announced).toEqual([first.conversation.id, second.conversation.id]); // pushed to the open console

    await firstItem.click();
    await page.waitForURL(new RegExp(`/inbox/${first.conversation.id}$`));
    const history = page.getByRole('log', { name: 'Conversation history' });
    await history.getByText('Where is my order #1234?').waitFor();
    const composer = page.getByLabel('Message', { exact: true });
    await composer.fill('It left our warehouse this morning.');
    await composer.press('Enter');
    const atVisitor = await eventually('the reply at the visitor', () =>
      first.socket.received('message:new').find((m) => m.message.body === 'It left our warehouse this morning.'),
    );
    expect(atVisitor.message).toMatchObject({
      conversationId: first.conversation.id,
      sender: { type: 'agent', id: agent.agent.id },
    });
    await history.getByText('It left our warehouse this morning.').waitFor();
    await firstItem.filter({ hasText: 'You: It left our warehouse this morning.' }).waitFor();
    expect(await items.first().innerText()).toContain('You: It left our warehouse this morning.'); // now on top

    await eventually('the inbox to finish loading', () => (listLoads.settled === listLoads.started ? true : undefined));
    const loadsBefore = listLoads.started;
    const ack = await second.socket.emit('message:new', {
      conversationId: second.conversation.id,
      body: 'Hello? Anyone there?',
      clientMessageId: randomUUID(),
    });
    expect(ack.ok).toBe(true);
    await secondItem.filter({ hasText: 'Hello? Anyone there?' }).waitFor();
    expect(await items.first().innerText()).toContain('Hello? Anyone there?'); // back on top
    expect(listLoads.started).toBe(loadsBefore); // from the socket event, not by fetching the list again
    expect((await secondItem.locator('.badge').textContent())?.replace(/\s+/g, ' ').trim()).toBe('2 unread');
    expect(page.url()).toMatch(new RegExp(`/inbox/${first.conversation.id}$`));
    expect(await history.getByText('Hello? Anyone there?').count()).toBe(0);
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'console.png') });

    await page.reload();
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox/${first.conversation.id}$`));
    await firstItem.waitFor();
    await secondItem.waitFor();
    expect(await items.count()).toBe(2);
    // Read state is the server's: the open conversation stays read, the other keeps its count.
    expect((await secondItem.locator('.badge').textContent())?.replace(/\s+/g, ' ').trim()).toBe('2 unread');
    expect(await firstItem.locator('.badge').count()).toBe(0);
    await history.getByText('It left our warehouse this morning.').waitFor();
    expect(await page.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('logs out back to the login page, for good', async () => {
    const agent = await api.signup('Eve');
    const site = await api.website(agent);
    const { page, problems } = await visit();
    await logIn(page, agent);
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
    const refreshToken = await page.evaluate(() => localStorage.getItem('zendo.refreshToken'));
    expect(refreshToken).toEqual(expect.any(String));
    const revoked = page.waitForResponse((res) => res.url().endsWith('/api/v1/auth/logout'));
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/app\/login$/);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect((await revoked).status()).toBe(204);
    expect(await page.evaluate(() => localStorage.getItem('zendo.refreshToken'))).toBeNull();
    expect((await api.refresh(refreshToken!)).status).toBe(401);

    await page.goto(`w/${site.id}/inbox`);
    await page.waitForURL(/\/app\/login\?returnUrl=/);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(problems).toEqual([]);
  });
});
