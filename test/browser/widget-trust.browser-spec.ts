/// <reference lib="dom" />
// The widget's side of "Trust" in Chromium against the real API: deletions reaching the visitor,
// verified identity across devices, a visitor erased while chatting, and markup in everything
// the website and its agents control shown as text.
import { createHmac, randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { AgentSession, Api, WebsiteInfo } from '../support/api';
import {
  eventually,
  launchChromium,
  requireBrowserSetup,
  serveSite,
  StaticSite,
  WAIT_MS,
  watchedPage,
  WatchedPage,
  WIDGET_BUILD,
} from '../support/browser';
import { connect, Payload, TestSocket } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { openPanel, send, widget } from '../support/widget-page';

const hmac = (secret: string, userId: string) => createHmac('sha256', secret).update(userId, 'utf8').digest('hex');

/** Each sets `window.__xss` if it ever runs. */
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '<a href="javascript:window.__xss=1">click me</a>',
  '"><svg onload="window.__xss=1">',
];

/** `window.Zendo` as the page sees it. */
interface ZendoPage {
  Zendo: { identify(profile: Record<string, string>): Promise<void> };
}

interface Embed {
  key: string;
  /** `user-id` and `user-hash` on the element. */
  attributes?: { userId: string; userHash: string };
  /** `window.Zendo = {identify: …}`, set by a script of the page's own before widget.js. */
  preset?: { userId: string; userHash: string };
}

describe('widget trust in Chromium', () => {
  let running: TestApp;
  let api: Api;
  let host: StaticSite;
  let browser: Browser;
  /** What the host page embeds on its next load. */
  let embed: Embed;
  const sockets: TestSocket[] = [];
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    requireBrowserSetup(WIDGET_BUILD);
    running = await startTestApp();
    ({ api } = running);
    const apiUrl = new URL(running.url);
    const csp = [
      "default-src 'none'",
      `script-src 'self' ${apiUrl.origin}`,
      `connect-src ${apiUrl.origin} ws://${apiUrl.host}`,
      "style-src 'self'",
      `img-src ${apiUrl.origin}`,
    ].join('; ');
    host = await serveSite((path) => {
      if (path === '/preset.js') {
        return { type: 'text/javascript', body: `window.Zendo = ${JSON.stringify({ identify: embed.preset })};` };
      }
      if (path !== '/') return undefined;
      const attrs = embed.attributes
        ? ` user-id="${embed.attributes.userId}" user-hash="${embed.attributes.userHash}"`
        : '';
      return {
        type: 'text/html; charset=utf-8',
        body: `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <title>My account – Shop</title>
  ${embed.preset ? '<script src="/preset.js"></script>' : ''}
  <script src="${apiUrl.origin}/widget.js" async></script>
</head>
<body><main><h1>My account</h1></main><zendo-chat website-key="${embed.key}"${attrs}></zendo-chat></body>
</html>`,
      };
    });
    browser = await launchChromium();
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await Promise.all(pages.splice(0).map((p) => p.context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await running?.close();
  });

  async function shop(name = 'Shop', agentName = 'Owner'): Promise<{ owner: AgentSession; site: WebsiteInfo }> {
    const owner = await api.signup(agentName);
    const site = await api.website(owner, { name, allowedOrigins: [host.origin] });
    return { owner, site };
  }

  async function desk(agent: AgentSession): Promise<TestSocket> {
    const socket = await connect(running.url, { token: agent.accessToken });
    sockets.push(socket);
    return socket;
  }

  /** The host page in a fresh browser context (a device of its own), with warnings recorded too. */
  async function visit(page: Embed) {
    embed = page;
    const watched = await watchedPage(browser);
    pages.push(watched);
    const warnings: string[] = [];
    watched.page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await watched.page.goto(`${host.origin}/`);
    return { ...watched, warnings, ...widget(watched.page) };
  }

  function arrived(socket: TestSocket, body: string): Promise<Payload> {
    return eventually(`message:new "${body}" at the agent`, () =>
      socket.received('message:new').find((m) => m.message.body === body),
    );
  }

  const stored = (page: Page) =>
    page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));

  it('shows a deleted message as “Message deleted” in place, and drops a deleted conversation', async () => {
    const { owner, site } = await shop();
    const agent = await desk(owner);
    const v = await visit({ key: site.key });
    await openPanel(v.page);
    const question = `My card is 4111 1111 ${randomUUID().slice(0, 6)}`;
    await send(v.page, question);
    const { message: asked } = await arrived(agent, question);
    const conversationId = asked.conversationId;
    const sent = await agent.emit('message:new', {
      conversationId,
      body: 'Noted, thanks',
      clientMessageId: randomUUID(),
    });
    if (!sent.ok) throw new Error('reply failed');
    await v.messages.filter({ hasText: 'Noted, thanks' }).waitFor({ timeout: WAIT_MS });

    expect((await api.as(owner).delete(`/messages/${asked.id}`)).status).toBe(204);
    await v.messages.filter({ hasText: 'Message deleted' }).waitFor({ timeout: WAIT_MS });
    expect(await v.messages.locator('.text').allTextContents()).toEqual(['You: Message deleted', 'Noted, thanks']);
    expect(await v.page.locator('zendo-chat').evaluate((el) => el.shadowRoot!.innerHTML)).not.toContain('4111');
    expect(JSON.stringify(await stored(v.page))).not.toContain('4111');

    // After a reload the history says the same.
    await v.page.reload();
    await openPanel(v.page);
    await v.messages.filter({ hasText: 'Noted, thanks' }).waitFor({ timeout: WAIT_MS });
    expect(await v.messages.locator('.text').allTextContents()).toEqual(['You: Message deleted', 'Noted, thanks']);

    expect((await api.as(owner).delete(`/conversations/${conversationId}`)).status).toBe(204);
    await v.messages.first().waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await v.log.innerText()).not.toContain('Noted');
    expect(JSON.stringify(await stored(v.page))).not.toContain(conversationId);

    const fresh = `Starting over ${randomUUID().slice(0, 6)}`;
    await send(v.page, fresh);
    const { message: next } = await arrived(agent, fresh);
    expect(next.conversationId).not.toBe(conversationId);
    expect(next.sender.id).toBe(asked.sender.id);
    expect(v.problems).toEqual([]);
  });

  it('makes a verified user one visitor on every device; a wrong hash is warned about and stores nothing', async () => {
    const { owner, site } = await shop();
    const agent = await desk(owner);
    const secret = (await api.as(owner).post(`/websites/${site.id}/identity-secret/rotate`)).body.identitySecret;
    const userId = `customer-${randomUUID().slice(0, 8)}`;
    const identity = { userId, userHash: hmac(secret, userId) };

    const laptop = await visit({ key: site.key, attributes: identity });
    await openPanel(laptop.page);
    const first = `Where is order 42? ${randomUUID().slice(0, 6)}`;
    await send(laptop.page, first);
    const { message } = await arrived(agent, first);

    // Another device, identity given as window.Zendo before the script: the same visitor and conversation.
    const phone = await visit({ key: site.key, preset: identity });
    await openPanel(phone.page);
    await phone.messages.filter({ hasText: first }).waitFor({ timeout: WAIT_MS });
    const second = `Sent from my phone ${randomUUID().slice(0, 6)}`;
    await send(phone.page, second);
    const { message: fromPhone } = await arrived(agent, second);
    expect(fromPhone.sender.id).toBe(message.sender.id);
    expect(fromPhone.conversationId).toBe(message.conversationId);
    await laptop.messages.filter({ hasText: second }).waitFor({ timeout: WAIT_MS });

    // A wrong hash: warned once, the chat goes on anonymously with none of the user's conversations.
    const forged = await visit({ key: site.key, attributes: { userId, userHash: hmac('guess', userId) } });
    await openPanel(forged.page);
    expect(await forged.log.innerText()).not.toContain(first);
    expect(forged.warnings.filter((w) => w.includes('IDENTITY_UNVERIFIED'))).toHaveLength(1);
    const before = await stored(forged.page);
    const refused = await forged.page.evaluate(
      (id) =>
        (window as unknown as ZendoPage).Zendo.identify({ userId: id, userHash: 'b'.repeat(64), name: 'Mallory' }).then(
          () => 'resolved',
          (error: Error) => error.message,
        ),
      userId,
    );
    expect(refused).toBe('IDENTITY_UNVERIFIED');
    expect(await stored(forged.page)).toEqual(before);
    expect(forged.warnings.filter((w) => w.includes('IDENTITY_UNVERIFIED'))).toHaveLength(1);

    // identify() with the right hash makes this device the user's: their conversation comes along.
    await forged.page.evaluate((id) => (window as unknown as ZendoPage).Zendo.identify(id), identity);
    await forged.messages.filter({ hasText: second }).waitFor({ timeout: WAIT_MS });
    for (const v of [laptop, phone]) expect(v.problems).toEqual([]);
    // Chromium logs the refused requests themselves; nothing else went wrong.
    expect(forged.problems.filter((p) => !/status of 401 .*\/widget\/(bootstrap|visitor)\)$/.test(p))).toEqual([]);
    expect(forged.problems).toHaveLength(2);
  });

  it('starts over as a new visitor, keeping the draft, when the visitor is erased while chatting', async () => {
    const { owner, site } = await shop();
    const agent = await desk(owner);
    const v = await visit({ key: site.key });
    await openPanel(v.page);
    const body = `Please forget me ${randomUUID().slice(0, 6)}`;
    await send(v.page, body);
    const { message } = await arrived(agent, body);
    const tokenKey = `zendo:${site.key}:visitor`;
    const oldToken = await v.page.evaluate((key) => localStorage.getItem(key), tokenKey);
    await v.composer.fill('half a thought');

    expect((await api.as(owner).delete(`/websites/${site.id}/visitors/${message.sender.id}`)).status).toBe(204);
    await v.messages.first().waitFor({ state: 'detached', timeout: WAIT_MS });
    const newToken = await v.page.evaluate((key) => localStorage.getItem(key), tokenKey);
    expect(newToken).toEqual(expect.any(String));
    expect(newToken).not.toBe(oldToken);
    expect(await v.composer.inputValue()).toBe('half a thought');
    const left = JSON.stringify(await stored(v.page));
    expect(left).not.toContain(message.sender.id);
    expect(left).not.toContain(message.conversationId);

    await v.composer.fill('a new question');
    await v.composer.press('Enter');
    const { message: again } = await arrived(agent, 'a new question');
    expect(again.sender.id).not.toBe(message.sender.id);
    expect(again.conversationId).not.toBe(message.conversationId);
    expect(v.problems).toEqual([]);
  });

  it('shows markup in agent names, replies, the website name and both greetings as text, running none of it', async () => {
    const [img, script, link, svg] = PAYLOADS;
    const { owner, site } = await shop(`Shop ${img}`, `Ada ${svg}`);
    const greeting = `Hello ${script}`;
    const offlineGreeting = `Away ${link}`;
    await api.as(owner).patch(`/websites/${site.id}`, { settings: { greeting }, offlineGreeting }).expect(200);

    // Nobody is online yet: the offline greeting.
    const v = await visit({ key: site.key });
    await openPanel(v.page);
    const root = v.page.locator('zendo-chat');
    await root.locator('.log', { hasText: offlineGreeting }).waitFor({ timeout: WAIT_MS });
    expect(await root.locator('h2').innerText()).toBe(`Shop ${img}`);

    // Someone comes online: the greeting; then their replies, under their name.
    const agent = await desk(owner);
    await root.locator('.log', { hasText: greeting }).waitFor({ timeout: WAIT_MS });
    const question = `Hi ${randomUUID().slice(0, 6)}`;
    await send(v.page, question);
    const { message } = await arrived(agent, question);
    for (const body of PAYLOADS) {
      const ack = await agent.emit('message:new', {
        conversationId: message.conversationId,
        body,
        clientMessageId: randomUUID(),
      });
      expect(ack.ok).toBe(true);
    }
    await v.page
      .locator('zendo-chat [part="message"].agent')
      .nth(PAYLOADS.length - 1)
      .waitFor({ timeout: WAIT_MS });
    const replies = await v.page.locator('zendo-chat [part="message"].agent .text').allInnerTexts();
    expect(replies).toEqual(PAYLOADS);
    expect(await v.page.locator('zendo-chat [part="message"].agent .name').first().innerText()).toBe(`Ada ${svg}`);

    const found = await v.page.locator('zendo-chat').evaluate((el) => {
      const all = Array.from(el.shadowRoot!.querySelectorAll('*'));
      return {
        elements: all.filter((n) => ['IMG', 'SCRIPT', 'A', 'IFRAME'].includes(n.tagName)).length,
        handlers: all.flatMap((n) => n.getAttributeNames().filter((a) => a.startsWith('on'))),
        hrefs: all.filter((n) => n.hasAttribute('href')).length,
      };
    });
    expect(found).toEqual({ elements: 0, handlers: [], hrefs: 0 });
    await v.page.waitForTimeout(300); // an onerror or onload would have run by now
    expect(await v.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(v.problems).toEqual([]);
  });
});
