import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { freePort, ROOT, sleep, waitHealthy, ZENDO_ROOT } from './processes';
import type { Recorder } from './recorder';
import { median } from './stats';

const WIDGET_DIST = join(ROOT, 'widget', 'dist');
const CONSOLE_DIST = join(ROOT, 'dashboard', 'dist', 'browser');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const gzipBytes = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.html': 'text/html',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** A folder over HTTP with open CORS, as the API serves the widget's files. */
function staticServer(folder: string, extra: Record<string, string> = {}): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (extra[path] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
      res.end(extra[path]);
      return;
    }
    const file = normalize(join(folder, path));
    if (!file.startsWith(folder) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'access-control-allow-origin': '*',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as import('node:net').AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    }),
  );
}

/** Polls every frame until the element is on screen, then records performance.now() (from navigation start). */
const VISIBLE_PROBE = (find: string) => `<script>
(function poll() {
  var el = ${find};
  if (el) {
    var r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && Number(s.opacity) > 0) {
      window.__visibleAt = performance.now();
      return;
    }
  }
  requestAnimationFrame(poll);
})();
</script>`;

function hostPage(body: string, probe: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>A shop</h1><p>Some products.</p>${body}${VISIBLE_PROBE(probe)}</body></html>`;
}

interface ChromiumPage {
  goto(url: string): Promise<unknown>;
  waitForFunction(fn: string, arg?: unknown, options?: { timeout: number }): Promise<unknown>;
  evaluate<T>(fn: string): Promise<T>;
}
interface ChromiumBrowser {
  newContext(): Promise<{ newPage(): Promise<ChromiumPage>; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** widget/test/browser/host-page-cost.cjs: the widget's own tests measure the same way. */
interface HostPageCost {
  hostPageCost(
    browser: ChromiumBrowser,
    url: string,
    options: { origin: string; cpuSlowdown: number; settleMs: number },
  ): Promise<{ bytes: number; widgetBytes: number; longTaskMs: number; blockingMs: number }>;
  firstOpenWarm(
    browser: ChromiumBrowser,
    url: string,
    options: { cpuSlowdown: number; runs: number },
  ): Promise<number[]>;
}
const HOST_PAGE_COST = join(ROOT, 'widget', 'test', 'browser', 'host-page-cost.cjs');
/** As Lighthouse's mobile profile slows the CPU. */
const CPU_SLOWDOWN = 4;
/** Long enough after `load` for anything deferred to idle time (requestIdleCallback's 5 s timeout) to have run. */
const SETTLE_MS = 6000;

async function timeLoads(browser: ChromiumBrowser, url: string, loads: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < loads; i++) {
    // A fresh context each time: a first-time visitor with an empty cache.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction('window.__visibleAt !== undefined', undefined, { timeout: 15_000 });
      times.push(await page.evaluate<number>('window.__visibleAt'));
    } finally {
      await context.close();
    }
  }
  return times;
}

/**
 * Widget bytes (gzip -9 of the loader and of everything a first open needs, per the build's
 * manifest) and launcher-visible time in headless Chromium, against the bare socket.io-client
 * bundle and a page showing its own button. Then what the widget costs that page before anyone
 * opens it (`widget-cost`: bytes transferred and long-task time with the CPU slowed 4×, beside
 * the page alone) and a first open with a warm cache (`widget-open`).
 */
export async function widgetCase(recorder: Recorder, apiUrl: string, websiteKey: string, loads: number): Promise<void> {
  const manifestFile = join(WIDGET_DIST, 'manifest.json');
  if (!existsSync(manifestFile)) {
    console.log('  widget: widget/dist/manifest.json is missing (cd widget && npm run build); skipped');
    return;
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { loader: string; firstOpen: string[] };
  const bareClient = gzipBytes(join(ROOT, 'node_modules', 'socket.io-client', 'dist', 'socket.io.min.js'));
  await recorder.measure(
    'widget-bytes',
    'zendo',
    { manifest: manifestFile },
    async () => ({
      metrics: {
        loaderGzip: gzipBytes(join(WIDGET_DIST, manifest.loader)),
        firstOpenGzip: manifest.firstOpen.reduce((sum, f) => sum + gzipBytes(join(WIDGET_DIST, f)), 0),
        bareSocketIoClientGzip: bareClient,
      },
    }),
    { timed: false },
  );

  // The API serves /widget.js once static serving is in; until then the bench serves widget/dist.
  let widgetOrigin = apiUrl;
  let own: Server | null = null;
  const probe = await fetch(`${apiUrl}/widget.js`).catch(() => null);
  if (probe?.status !== 200) {
    const served = await staticServer(WIDGET_DIST);
    own = served.server;
    widgetOrigin = served.url;
  }
  const pages = await staticServer(mkdtempSync(join(tmpdir(), 'zendo-pages-')), {
    '/widget.html': hostPage(
      `<script src="${widgetOrigin}/widget.js" data-website-key="${websiteKey}" async></script>`,
      `(function () { var z = document.querySelector('zendo-chat'); return z && z.shadowRoot && z.shadowRoot.querySelector('[part~="launcher"]'); })()`,
    ),
    '/plain.html': hostPage('<button id="own">Help</button>', `document.getElementById('own')`),
  });
  const { chromium } = (await import(join(ROOT, 'node_modules', 'playwright-core'))) as {
    chromium: { launch(o: object): Promise<ChromiumBrowser> };
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    for (const [target, page] of [
      ['page alone', 'plain.html'],
      ['zendo', 'widget.html'],
    ] as const) {
      await timeLoads(browser, `${pages.url}/${page}`, 1);
      await recorder.measure(
        'widget-visible',
        target,
        { loads, widgetOrigin, servedByBench: own !== null },
        async () => {
          const times = await timeLoads(browser, `${pages.url}/${page}`, loads);
          return { metrics: { medianMs: median(times), times: times.map((t) => Math.round(t * 10) / 10) } };
        },
      );
    }

    // Each load waits SETTLE_MS after `load`: fewer of them than for the visible time.
    const costLoads = Math.max(1, Math.round(loads / 4));
    const cost = (await import(HOST_PAGE_COST)) as HostPageCost;
    for (const [target, page] of [
      ['page alone', 'plain.html'],
      ['zendo', 'widget.html'],
    ] as const) {
      await recorder.measure(
        'widget-cost',
        target,
        { loads: costLoads, cpuSlowdown: CPU_SLOWDOWN, settleMs: SETTLE_MS, widgetOrigin },
        async () => {
          const runs: Awaited<ReturnType<HostPageCost['hostPageCost']>>[] = [];
          for (let i = 0; i < costLoads; i++) {
            runs.push(
              await cost.hostPageCost(browser, `${pages.url}/${page}`, {
                origin: widgetOrigin,
                cpuSlowdown: CPU_SLOWDOWN,
                settleMs: SETTLE_MS,
              }),
            );
          }
          const mid = (pick: (r: (typeof runs)[number]) => number) => median(runs.map(pick));
          return {
            metrics: {
              transferredBytes: mid((r) => r.bytes),
              widgetBytes: mid((r) => r.widgetBytes),
              longTaskMs: mid((r) => r.longTaskMs),
              blockingMs: mid((r) => r.blockingMs),
            },
          };
        },
      );
    }
    // Opening needs the API (bootstrap): only when Zendo serves the widget itself.
    if (!own) {
      await recorder.measure('widget-open', 'zendo', { runs: costLoads + 2, warmCache: true }, async () => {
        const times = await cost.firstOpenWarm(browser, `${pages.url}/widget.html`, {
          cpuSlowdown: 1,
          runs: costLoads + 2,
        });
        return { metrics: { medianMs: median(times), times } };
      });
    }
  } finally {
    await browser.close();
    pages.server.close();
    own?.close();
  }
}

/** The console's initial JavaScript: what index.html loads as <script> and modulepreload. */
export async function consoleBytesCase(recorder: Recorder): Promise<void> {
  const index = join(CONSOLE_DIST, 'index.html');
  if (!existsSync(index)) {
    console.log('  console: dashboard/dist/browser/index.html is missing (cd dashboard && npm run build); skipped');
    return;
  }
  const html = readFileSync(index, 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  await recorder.measure(
    'console-bytes',
    'zendo',
    { scripts, preloads },
    async () => ({
      metrics: {
        scriptsGzip: scripts.reduce((sum, f) => sum + gzipBytes(join(CONSOLE_DIST, f)), 0),
        initialGzip: [...scripts, ...preloads].reduce((sum, f) => sum + gzipBytes(join(CONSOLE_DIST, f)), 0),
      },
    }),
    { timed: false },
  );
}

/** A bare Socket.IO server, plain JavaScript: the floor for "process start to healthy". */
function bareServerScript(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'zendo-bare-')), 'bare.js');
  writeFileSync(
    file,
    `const http = require('node:http');
const { Server } = require(${JSON.stringify(join(ROOT, 'node_modules', 'socket.io'))});
const server = http.createServer((req, res) => { res.writeHead(req.url === '/healthz' ? 200 : 404); res.end('{}'); });
new Server(server, { path: '/socket.io/', transports: ['websocket'] });
server.listen(Number(process.env.PORT), '127.0.0.1');
`,
  );
  return file;
}

async function timeStart(command: string[], env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, command, {
    cwd: ZENDO_ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    await waitHealthy(`http://127.0.0.1:${port}/healthz`, 60_000, child);
    return performance.now() - started;
  } finally {
    child.kill('SIGKILL');
    await sleep(200);
  }
}

/** `node dist/src/main.js` to a healthy /healthz (database already migrated), against a bare server. */
export async function startCase(recorder: Recorder, zendoEnv: Record<string, string>, runs: number): Promise<void> {
  const bare = bareServerScript();
  for (const [target, command] of [
    ['bare socket.io', [bare]],
    ['zendo', ['dist/src/main.js']],
  ] as const) {
    await recorder.measure(
      'start',
      target,
      { runs },
      async () => {
        const times: number[] = [];
        for (let i = 0; i < runs; i++) times.push(await timeStart([...command], zendoEnv));
        return { metrics: { medianMs: Math.round(median(times) ?? 0), times: times.map(Math.round) } };
      },
      { reapedChildren: true },
    );
  }
}
