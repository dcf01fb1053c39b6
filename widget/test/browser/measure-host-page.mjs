// node test/browser/measure-host-page.mjs [dist folder]
// The widget's cost to the host page (host-page-cost.cjs) against fake-api.mjs:
// the page alone, the page with the widget for a new and for a returning
// visitor (CPU slowed 4×), and a first open with a warm cache. Pass another
// build's dist/ to compare (default: this one's).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startFakeApi, startHostPage, WEBSITE_KEY } from './fake-api.mjs';
import { firstOpenWarm, hostPageCost } from './host-page-cost.cjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dist = process.argv[2] ? resolve(process.argv[2]) : undefined;
const LOADS = Number(process.env.LOADS ?? 5);
if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const api = await startFakeApi({ dist });
const withWidget = await startHostPage(api.origin);
const alone = await startHostPage(api.origin, { websiteKey: null });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
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
try {
  // A returning visitor with nothing new: a token from an earlier visit, no conversation.
  const response = await fetch(`${api.origin}/api/v1/widget/bootstrap`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ websiteKey: WEBSITE_KEY }),
  });
  const { visitorToken } = await response.json();
  const returning = {
    cookies: [],
    origins: [
      {
        origin: new URL(withWidget.url).origin,
        localStorage: [{ name: `zendo:${WEBSITE_KEY}:visitor`, value: visitorToken }],
      },
    ],
  };

  const rows = [];
  for (const [name, url, options] of [
    ['page alone', alone.url, {}],
    ['new visitor', withWidget.url, {}],
    ['returning visitor, nothing new', withWidget.url, { storageState: returning }],
  ]) {
    const runs = [];
    for (let i = 0; i < LOADS; i++) runs.push(await hostPageCost(browser, url, { origin: api.origin, ...options }));
    rows.push({
      name,
      bytes: median(runs.map((r) => r.bytes)),
      widgetBytes: median(runs.map((r) => r.widgetBytes)),
      blockingMs: median(runs.map((r) => r.blockingMs)),
      longTaskMs: median(runs.map((r) => r.longTaskMs)),
      requests: runs[0].widgetRequests.join(', '),
    });
  }
  const warm = await firstOpenWarm(browser, withWidget.url, { runs: LOADS });
  const warmSlow = await firstOpenWarm(browser, withWidget.url, { runs: LOADS, cpuSlowdown: 4 });

  console.log(`dist: ${dist ?? 'widget/dist'}; medians of ${LOADS} loads, CPU slowed 4x, 6 s after load, no input`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(32)} transferred ${String(row.bytes).padStart(7)} B (widget ${String(row.widgetBytes).padStart(6)} B)  ` +
        `long tasks ${String(row.longTaskMs).padStart(4)} ms, blocking ${String(row.blockingMs).padStart(4)} ms  [${row.requests}]`,
    );
  }
  console.log(`first open, warm cache: ${warm.join(', ')} ms; with the CPU slowed 4x: ${warmSlow.join(', ')} ms`);
} finally {
  await browser.close();
  await withWidget.stop();
  await alone.stop();
  await api.stop();
}
