/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { Browser } from 'playwright-core';
import { AgentSession, Api, WebsiteInfo } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';
import {
  axeViolations,
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
import { openPanel, send, widget } from '../support/widget-page';

// Site themes that restyle everything; none of it may reach inside the widget.
const HOSTILE_CSS = `* { all: unset !important; display: block !important; font-size: 40px !important; color: red !important; }
button { display: none !important; }`;

const HTML_REPLY = '<img src=x onerror="window.__pwned=1"><b>bold</b>';

describe('widget in Chromium on another site’s page', () => {
  let running: TestApp;
  let api: Api;
  let host: StaticSite;
  let agent: AgentSession;
  let site: WebsiteInfo;
  let browser: Browser;
  const sockets: TestSocket[] = [];
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    requireBrowserSetup(WIDGET_BUILD);
    running = await startTestApp();
    ({ api } = running);
    const apiUrl = new URL(running.url);
    const csp = [
      "default-src 'none'",
      `script-src ${apiUrl.origin}`,
      `connect-src ${apiUrl.origin} ws://${apiUrl.host}`,
      "style-src 'self'",
      `img-src ${apiUrl.origin}`,
    ].join('; ');
    host = await serveSite((path) => {
      if (path === '/theme.css') return { type: 'text/css', body: HOSTILE_CSS };
      if (path !== '/') return undefined;
      return {
        type: 'text/html; charset=utf-8',
        body: `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <title>Someone else's shop</title>
  <link rel="stylesheet" href="/theme.css">
  <script src="${apiUrl.origin}/widget.js" data-website-key="${site.key}" async></script>
</head>
<body><main><h1>Spring sale</h1><p>Everything must go.</p></main></body>
</html>`,
      };
    });
    agent = await api.signup('Agent');
    site = await api.website(agent, { name: 'Shop', allowedOrigins: [host.origin] });
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

  async function agentSocket(): Promise<TestSocket> {
    const socket = await connect(running.url, { token: agent.accessToken });
    sockets.push(socket);
    return socket;
  }

  /** The host page in a fresh browser context, recording the launcher's first visible frame. */
  async function visit() {
    const watched = await watchedPage(browser);
    pages.push(watched);
    await watched.context.addInitScript(() => {
      const state = window as unknown as { __launcherVisibleAt?: number };
      const look = (now: number) => {
        const launcher = document.querySelector('zendo-chat')?.shadowRoot?.querySelector('[part="launcher"]');
        const box = launcher?.getBoundingClientRect();
        if (launcher?.checkVisibility() && box && box.width > 0 && box.height > 0) state.__launcherVisibleAt = now;
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    await watched.page.goto(`${host.origin}/`);
    return { ...watched, ...widget(watched.page) };
  }

  function messageAtAgent(socket: TestSocket, body: string): Promise<Payload> {
    return eventually(`message:new "${body}" at the agent`, () =>
      socket.received('message:new').find((m) => m.message.body === body),
    );
  }

  async function reply(socket: TestSocket, conversationId: string, body: string) {
    const ack = await socket.emit('message:new', { conversationId, body, clientMessageId: randomUUID() });
    expect(ack).toMatchObject({ ok: true, message: { body } });
  }

  it('shows a named, collapsed launcher in an open shadow root despite the page’s CSS and CSP', async () => {
    const { page, launcher, problems } = await visit();
    await launcher.waitFor({ state: 'visible', timeout: WAIT_MS });
    const visibleAt = await page.waitForFunction(
      () => (window as unknown as { __launcherVisibleAt?: number }).__launcherVisibleAt,
      null,
      { timeout: WAIT_MS },
    );
    console.info(`launcher visible ${Math.round(Number(await visibleAt.jsonValue()))} ms after navigation start`);

    const pageStyle = await page.evaluate(() => {
      const { color, fontSize } = getComputedStyle(document.querySelector('h1')!);
      return { color, fontSize };
    });
    expect(pageStyle).toEqual({ color: 'rgb(255, 0, 0)', fontSize: '40px' }); // the hostile theme is in force
    expect(await page.evaluate(() => document.querySelector('zendo-chat')?.shadowRoot?.mode)).toBe('open');
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('button', { name: 'Open chat', exact: true }).count()).toBe(1);
    const box = await launcher.boundingBox();
    const viewport = page.viewportSize()!;
    expect(box).toMatchObject({ width: 56, height: 56 });
    expect(box!.x >= 0 && box!.y >= 0).toBe(true);
    expect(box!.x + box!.width <= viewport.width && box!.y + box!.height <= viewport.height).toBe(true);
    expect(problems).toEqual([]);
  });

  it('delivers a typed message to the agent and shows an HTML reply as literal text', async () => {
    const desk = await agentSocket();
    const visitor = await visit();
    const { page, problems } = visitor;
    await openPanel(page);
    const body = `Where is my order? ${randomUUID().slice(0, 8)}`;
    await send(page, body);

    const { message } = await messageAtAgent(desk, body);
    expect(message).toMatchObject({ body, sender: { type: 'visitor' } });

    await reply(desk, message.conversationId, HTML_REPLY);
    const shown = visitor.messages.filter({ hasText: 'bold' }).locator('.text');
    await shown.waitFor({ timeout: WAIT_MS });
    expect(await shown.evaluate((el) => el.textContent)).toBe(HTML_REPLY);
    expect(
      await page.evaluate(
        () =>
          document.querySelector('zendo-chat')!.shadowRoot!.querySelectorAll('[part="message"] img, [part="message"] b')
            .length,
      ),
    ).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('keeps the visitor and the conversation across a reload', async () => {
    const desk = await agentSocket();
    const visitor = await visit();
    const { page, problems } = visitor;
    await openPanel(page);
    const first = `Do you ship abroad? ${randomUUID().slice(0, 8)}`;
    await send(page, first);
    const { message } = await messageAtAgent(desk, first);
    const answer = `Yes, everywhere. ${randomUUID().slice(0, 8)}`;
    await reply(desk, message.conversationId, answer);
    await visitor.messages.filter({ hasText: answer }).waitFor({ timeout: WAIT_MS });
    const tokenKey = `zendo:${site.key}:visitor`;
    const token = await page.evaluate((key) => localStorage.getItem(key), tokenKey);
    expect(token).toEqual(expect.any(String));

    await page.reload();
    await openPanel(page);
    await visitor.messages.filter({ hasText: answer }).waitFor({ timeout: WAIT_MS });
    const texts = await visitor.messages.locator('.text').allTextContents();
    expect(texts).toEqual([`You: ${first}`, answer]);
    expect(await page.evaluate((key) => localStorage.getItem(key), tokenKey)).toBe(token);

    const again = `Thanks! ${randomUUID().slice(0, 8)}`;
    await send(page, again);
    const { message: later } = await messageAtAgent(desk, again);
    expect(later.sender).toEqual({ type: 'visitor', id: message.sender.id });
    expect(later.conversationId).toBe(message.conversationId);
    expect(problems).toEqual([]);
  });

  it('passes axe with the panel open, and Escape closes it and returns focus to the launcher', async () => {
    const desk = await agentSocket();
    const visitor = await visit();
    const { page, launcher, panel, problems } = visitor;
    await openPanel(page);
    const question = `Can I pay by invoice? ${randomUUID().slice(0, 8)}`;
    await send(page, question);
    const { message } = await messageAtAgent(desk, question);
    await reply(desk, message.conversationId, 'Of course.');
    await visitor.messages.filter({ hasText: 'Of course.' }).waitFor({ timeout: WAIT_MS });

    const violations = await axeViolations(page, [['zendo-chat']]);
    if (violations.length) console.error(`axe violations in the open widget:\n${violations.join('\n')}`);
    expect(violations).toEqual([]);

    await visitor.composer.focus();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden', timeout: WAIT_MS });
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    expect(problems).toEqual([]);
  });
});
