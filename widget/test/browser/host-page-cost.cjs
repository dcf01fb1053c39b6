// What the widget costs the page it is embedded in, measured in Chromium: bytes
// transferred and main-thread blocking before the visitor touches it, and how
// long a first open takes once the chunks are cached. Used by
// `measure-host-page.mjs` (against fake-api.mjs) and by the bench
// (`bench/page-scenarios.ts`, against a real Zendo), so both measure alike.

/** A long task blocks input for what it runs beyond 50 ms (Lighthouse's Total Blocking Time). */
const BLOCKING_THRESHOLD_MS = 50;

const LONG_TASKS = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
};

async function throttled(context, page, cpuSlowdown) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  return cdp;
}

/**
 * Loads `url` in a fresh context with the CPU slowed `cpuSlowdown` times (CDP), stays
 * `settleMs` after `load` without touching anything, and reports what went over the network
 * (encoded bytes, headers included, split by `origin`: the widget's) and the long tasks.
 * `storageState` (Playwright's) makes a returning visitor.
 */
async function hostPageCost(browser, url, { origin, cpuSlowdown = 4, settleMs = 6000, storageState } = {}) {
  const context = await browser.newContext(storageState ? { storageState } : {});
  try {
    const page = await context.newPage();
    await page.addInitScript(LONG_TASKS);
    const cdp = await throttled(context, page, cpuSlowdown);
    const urls = new Map();
    const transfers = [];
    cdp.on('Network.requestWillBeSent', ({ requestId, request }) => urls.set(requestId, request.url));
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) =>
      transfers.push({ url: urls.get(requestId), bytes: encodedDataLength }),
    );
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(settleMs);
    const tasks = await page.evaluate(() => window.__longTasks);
    const ours = transfers.filter((t) => origin && t.url?.startsWith(origin));
    return {
      bytes: transfers.reduce((sum, t) => sum + t.bytes, 0),
      widgetBytes: ours.reduce((sum, t) => sum + t.bytes, 0),
      widgetRequests: ours.map((t) => `${new URL(t.url).pathname} ${t.bytes}`),
      longTasks: tasks.length,
      longTaskMs: Math.round(tasks.reduce((sum, t) => sum + t.duration, 0)),
      blockingMs: Math.round(tasks.reduce((sum, t) => sum + Math.max(0, t.duration - BLOCKING_THRESHOLD_MS), 0)),
    };
  } finally {
    await context.close();
  }
}

/**
 * Milliseconds from a click on the launcher (no hover before it, so nothing was loaded
 * ahead) to the composer on screen, for a new visitor whose browser has the widget's files
 * cached from an earlier visit. One context: a first visit fills the cache, then each run
 * forgets the visitor (localStorage) and reloads.
 */
async function firstOpenWarm(browser, url, { cpuSlowdown = 1, runs = 5 } = {}) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await throttled(context, page, cpuSlowdown);
    const launcher = page.locator('zendo-chat [part="launcher"]');
    await page.goto(url, { waitUntil: 'load' });
    await launcher.click();
    await page.locator('zendo-chat textarea').waitFor();
    const times = [];
    for (let i = 0; i < runs; i++) {
      await page.evaluate(() => localStorage.clear());
      await page.reload({ waitUntil: 'load' });
      await launcher.waitFor();
      await page.waitForTimeout(300);
      times.push(
        await page.evaluate(
          () =>
            new Promise((resolve) => {
              const root = document.querySelector('zendo-chat').shadowRoot;
              const started = performance.now();
              root.querySelector('[part="launcher"]').click();
              const look = () => {
                const composer = root.querySelector('textarea');
                if (composer?.isConnected && composer.getBoundingClientRect().height > 0) {
                  resolve(performance.now() - started);
                } else requestAnimationFrame(look);
              };
              look();
            }),
        ),
      );
    }
    return times.map((t) => Math.round(t));
  } finally {
    await context.close();
  }
}

module.exports = { hostPageCost, firstOpenWarm };
