/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { AppConfig } from '../../src/config/app-config';
import { AgentSession, Api, VisitorSession, WebsiteInfo } from './api';
import { CONSOLE_BUILD, launchChromium, requireBrowserSetup, WAIT_MS, watchedPage, WatchedPage } from './browser';
import { connect, TestSocket } from './sockets';
import { startTestApp, TestApp } from './test-app';

export interface ConsoleHarness {
  /** The app, its API client and Chromium; set once the suite's `beforeAll` ran. */
  readonly running: TestApp;
  readonly api: Api;
  readonly browser: Browser;
  /** A fresh, watched context with the console as its base URL; closed after each test. */
  visit(options?: BrowserContextOptions): Promise<WatchedPage>;
  /** Logs in through the console's form. */
  logIn(page: Page, agent: AgentSession, password?: string): Promise<void>;
  /** A visitor of `site` on a real socket, with a conversation opened by its first message. */
  visitorOpens(
    site: WebsiteInfo,
    body: string,
  ): Promise<{ visitor: VisitorSession; socket: TestSocket; conversation: { id: string } }>;
  /** Closes `socket` after the test. */
  keep(socket: TestSocket): TestSocket;
  /** Closes the context after the test. */
  keepPage<T extends WatchedPage>(page: T): T;
}

/**
 * Registers what every console browser spec needs (the app, Chromium, pages and sockets closed
 * after each test) on the enclosing `describe`. `config` may be a function, for settings that
 * exist only once something else started (a mailbox's address).
 */
export function consoleHarness(config: Partial<AppConfig> | (() => Promise<Partial<AppConfig>>) = {}): ConsoleHarness {
  let running: TestApp | undefined;
  let browser: Browser | undefined;
  const sockets: TestSocket[] = [];
  const pages: WatchedPage[] = [];
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} is used before the suite's beforeAll ran`);
    return value;
  };

  beforeAll(async () => {
    requireBrowserSetup(CONSOLE_BUILD);
    running = await startTestApp(typeof config === 'function' ? await config() : config);
    browser = await launchChromium();
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await Promise.all(pages.splice(0).map((p) => p.context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const harness: ConsoleHarness = {
    get running() {
      return ready(running, 'the app');
    },
    get api() {
      return ready(running, 'the app').api;
    },
    get browser() {
      return ready(browser, 'Chromium');
    },
    async visit(options = {}) {
      const watched = await watchedPage(harness.browser, { baseURL: `${harness.running.url}/app/`, ...options });
      watched.page.setDefaultTimeout(WAIT_MS);
      return harness.keepPage(watched);
    },
    async logIn(page, agent, password = agent.password) {
      await page.goto('login');
      await page.getByLabel('Email', { exact: true }).fill(agent.agent.email);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
    },
    async visitorOpens(site, body) {
      const visitor = await harness.api.bootstrap(site.key);
      const socket = harness.keep(
        await connect(harness.running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken }),
      );
      const opened = await socket.emit('conversation:open', { body, clientMessageId: randomUUID() });
      if (!opened.ok) throw new Error(`conversation:open refused: ${JSON.stringify(opened)}`);
      return { visitor, socket, conversation: opened.conversation as { id: string } };
    },
    keep(socket) {
      sockets.push(socket);
      return socket;
    },
    keepPage(page) {
      pages.push(page);
      return page;
    },
  };
  return harness;
}
