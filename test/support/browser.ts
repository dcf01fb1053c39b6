/// <reference lib="dom" />
// Browser specs evaluate functions inside the page, so they are typed against the DOM.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';

const root = join(__dirname, '..', '..');
export const WIDGET_BUILD = join(root, 'widget', 'dist', 'widget.js');
export const CONSOLE_BUILD = join(root, 'dashboard', 'dist', 'browser', 'index.html');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = join(root, 'test-results');

/** Generous, because the machine running these is shared; a wait that succeeds returns at once. */
export const WAIT_MS = 15_000;

/** Fails the suite with one clear line when a build it serves, or Chromium itself, is missing. */
export function requireBrowserSetup(...builds: string[]): void {
  for (const file of builds) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: build first (make build, which make test runs before jest)`);
    }
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught page errors and Content-Security-Policy violations, as they happen. */
  problems: string[];
}

/**
 * A fresh context and page that record everything that went wrong on it, across reloads:
 * `console.error`, uncaught exceptions, and `securitypolicyviolation` events (reported
 * through a binding, which the page's CSP cannot block).
 */
export async function watchedPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext(options);
  const problems: string[] = [];
  await context.exposeBinding('__reportViolation', (_source, text: string) => {
    problems.push(`CSP violation: ${text}`);
  });
  await context.addInitScript(() => {
    const report = (window as unknown as { __reportViolation(text: string): void }).__reportViolation;
    document.addEventListener(
      'securitypolicyviolation',
      (e) =>
        void report(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`),
      true,
    );
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { context, page, problems };
}

const axeSource = readFileSync(require.resolve('axe-core'), 'utf8');

/** axe-core's violations for `include` (selectors, shadow hosts first), one readable line each. */
export async function axeViolations(page: Page, include: string[][]): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (context) => {
    type AxeNode = { target: unknown[]; failureSummary?: string };
    type AxeResult = { id: string; impact: string; help: string; nodes: AxeNode[] };
    const { axe } = window as unknown as {
      axe: { run(context: unknown): Promise<{ violations: AxeResult[] }> };
    };
    const { violations } = await axe.run({ include: context });
    return violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `  ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`).join('\n'),
    );
  }, include);
}

/** Polls `check` until it returns something other than undefined; fails naming `what` after `ms`. */
export async function eventually<T>(what: string, check: () => T | undefined, ms = WAIT_MS): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface StaticSite {
  origin: string;
  close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1 and a port of its own: an origin other than the API's. */
export async function serveSite(
  respond: (path: string) => { type: string; body: string } | undefined,
): Promise<StaticSite> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const found = respond(new URL(req.url ?? '/', 'http://host').pathname);
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': found.type, 'Cache-Control': 'no-store' }).end(found.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
