// The built widget in Chromium, on a host page of another origin with a strict
// CSP and hostile global CSS, against a fake API (fake-api.mjs).
// Run after `npm run build`: `npm run test:browser`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { startFakeApi, startHostPage, WEBSITE_KEY } from './fake-api.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip =
  !existsSync(CHROMIUM) &&
  `Chromium not found at ${CHROMIUM}; skipping the browser tests (apt-get install -y chromium)`;
if (skip) console.log(`# ${skip}`);

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const XSS = '<img src=x onerror="document.title=\'pwned\'">';

describe('widget in Chromium', { skip }, () => {
  let browser;
  before(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
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
  });
  after(() => browser?.close());

  /** Properties of `window` that a pristine window of the same page (an empty iframe) lacks. */
  function addedGlobals(page) {
    return page.evaluate(() => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const pristine = new Set(Object.getOwnPropertyNames(frame.contentWindow));
      frame.remove();
      return Object.getOwnPropertyNames(window).filter((name) => !pristine.has(name) && name !== '__test');
    });
  }

  /** A fresh browser context on the host page, recording everything that could go wrong. */
  async function visit(apiOrigin, { colorScheme = 'light', locale = 'en-US' } = {}) {
    const host = await startHostPage(apiOrigin);
    const context = await browser.newContext({ colorScheme, locale });
    const page = await context.newPage();
    const problems = [];
    const requests = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (['error', 'warning'].includes(message.type())) problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.addInitScript(() => {
      window.__test = { violations: [], messages: [] };
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__test.violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
      document.addEventListener('zendo:message', (e) => window.__test.messages.push(e.detail));
    });
    await page.goto(host.url);
    const launcher = page.locator('zendo-chat [part="launcher"]');
    await launcher.waitFor();
    return {
      page,
      launcher,
      panel: page.locator('zendo-chat [part="panel"]'),
      composer: page.locator('zendo-chat textarea'),
      problems,
      requests,
      violations: () => page.evaluate(() => window.__test.violations),
      async close() {
        await context.close();
        await host.stop();
      },
    };
  }

  describe('without a backend', () => {
    let api;
    before(async () => (api = await startFakeApi({ backend: false })));
    after(() => api.stop());

    it('shows the launcher at once in an open shadow root and adds no global but Zendo', async () => {
      const v = await visit(api.origin);
      try {
        const box = await v.launcher.boundingBox();
        assert.ok(box && box.width === 56 && box.height === 56, `launcher box ${JSON.stringify(box)}`);
        const viewport = v.page.viewportSize();
        assert.ok(box.x + box.width <= viewport.width && box.y + box.height <= viewport.height);
        assert.equal(await v.page.evaluate(() => document.querySelector('zendo-chat').shadowRoot !== null), true);
        assert.equal(await v.launcher.getAttribute('aria-expanded'), 'false');

        assert.deepEqual(await addedGlobals(v.page), ['Zendo']);
        assert.deepEqual(
          v.requests.filter((p) => p.startsWith('/chunks/')),
          [],
          'no chunk before the first open',
        );
      } finally {
        await v.close();
      }
    });

    it('loads the chat on first open and shows a friendly error when the API does not answer', async () => {
      const v = await visit(api.origin);
      try {
        await v.launcher.click();
        const alert = v.page.locator('zendo-chat [role="alert"]');
        await alert.waitFor();
        assert.match(await alert.innerText(), /can’t reach the chat right now/);
        assert.equal(await alert.getByRole('button', { name: 'Try again' }).count(), 1);
        assert.ok(
          v.requests.some((p) => /^\/chunks\/chat-\w+\.js$/.test(p)),
          'chat chunk loaded on open',
        );
        assert.deepEqual(await v.violations(), []);
        // The only noise allowed is Chromium's own report of the failed request; nothing thrown.
        const ours = v.problems.filter((p) => !/Failed to load resource|\/api\/v1\/widget\/bootstrap/.test(p));
        assert.deepEqual(ours, []);
      } finally {
        await v.close();
      }
    });
  });

  describe('with the fake backend', () => {
    let api;
    before(async () => (api = await startFakeApi()));
    after(() => api.stop());

    async function chatting(options) {
      const v = await visit(api.origin, options);
      await v.launcher.click();
      await v.composer.waitFor();
      return v;
    }

    it('chats: sends with a UUID clientMessageId, shows replies as text, announces them', async () => {
      const v = await chatting();
      try {
        assert.equal(await v.page.locator('zendo-chat h2').innerText(), 'Acme Support');
        assert.equal(
          await v.composer.evaluate((el) => el === el.getRootNode().activeElement),
          true,
          'composer focused',
        );
        await v.composer.fill('Hello, I need help');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
        const [event, payload] = api.state.received.findLast(([e]) => e !== 'typing');
        assert.equal(event, 'conversation:open');
        assert.equal(payload.body, 'Hello, I need help');
        assert.match(payload.clientMessageId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        const page = { pageUrl: v.page.url(), pageTitle: 'Host page' };
        assert.deepEqual(
          { pageUrl: api.state.bootstraps.at(-1).pageUrl, pageTitle: api.state.bootstraps.at(-1).pageTitle },
          page,
        );
        assert.deepEqual(api.state.opened.at(-1), page);

        api.agentSays(XSS);
        const reply = v.page.locator('zendo-chat .m.agent .text').last();
        await v.page.waitForFunction(() => window.__test.messages.some((m) => m.sender.type === 'agent'));
        assert.equal(await reply.innerText(), XSS);
        assert.equal(await v.page.locator('zendo-chat img').count(), 0);
        assert.notEqual(await v.page.title(), 'pwned');
        const live = v.page.locator('zendo-chat [aria-live="polite"]');
        assert.equal(await live.innerText(), `Ada: ${XSS}`);
        assert.deepEqual(await v.violations(), []);
        assert.deepEqual(v.problems, []);
      } finally {
        await v.close();
      }
    });

    it('adds no global but Zendo once the chat, its socket and its strings are loaded and used', async () => {
      const v = await chatting();
      try {
        await v.composer.fill('Any globals?');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
        api.agentSays('None.');
        await v.page.locator('zendo-chat .m.agent .name').waitFor();
        assert.deepEqual(await addedGlobals(v.page), ['Zendo']);
      } finally {
        await v.close();
      }
    });

    it('sends again with the same clientMessageId when the reply is lost with the connection', async () => {
      const v = await chatting();
      try {
        await v.composer.fill('first');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
        api.state.holdNextAck = true;
        const before = api.state.received.length;
        await v.composer.fill('second, lost once');
        await v.composer.press('Enter');
        await v.page.waitForFunction(
          () =>
            document.querySelector('zendo-chat').shadowRoot.querySelectorAll('.m.visitor:not(.pending)').length === 2,
          null,
          { timeout: 15_000 },
        );
        const sends = api.state.received.slice(before).filter(([e]) => e === 'message:new');
        assert.equal(sends.length, 2, 'sent, then re-sent after the reconnect');
        assert.equal(sends[0][1].clientMessageId, sends[1][1].clientMessageId);
        assert.equal(api.state.messages.filter((m) => m.body === 'second, lost once').length, 1);
        assert.equal(await v.page.locator('zendo-chat .m.visitor').count(), 2);
        assert.deepEqual(v.problems, []);
      } finally {
        await v.close();
      }
    });

    it('keeps unsent messages across a reload and delivers each exactly once when the socket is back', async () => {
      const v = await chatting();
      try {
        await v.composer.fill('before the outage');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
        // Stored by the server, but the connection goes before the ack can come back.
        api.state.refuseSockets = true;
        api.state.holdNextAck = true;
        await v.composer.fill('stored, ack lost');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .bar[role="status"]').waitFor();
        await v.composer.fill('written while down');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor.pending', { hasText: 'written while down' }).waitFor();

        await v.page.reload();
        await v.launcher.click();
        await v.page.locator('zendo-chat .m.visitor.pending', { hasText: 'written while down' }).waitFor();
        assert.equal(await v.page.locator('zendo-chat .m.visitor', { hasText: 'stored, ack lost' }).count(), 1);

        api.state.refuseSockets = false;
        await v.page.waitForFunction(
          () => {
            const root = document.querySelector('zendo-chat').shadowRoot;
            return root.querySelectorAll('.m.visitor').length === 3 && !root.querySelector('.m.visitor.pending');
          },
          null,
          { timeout: 20_000 },
        );
        for (const body of ['before the outage', 'stored, ack lost', 'written while down']) {
          assert.equal(api.state.messages.filter((m) => m.body === body).length, 1, `${body} stored once`);
          assert.equal(
            await v.page.locator('zendo-chat .m.visitor', { hasText: body }).count(),
            1,
            `${body} shown once`,
          );
        }
        const outbox = await v.page.evaluate(() =>
          Object.keys(localStorage).filter((key) => key.startsWith('zendo:') && key.includes(':outbox:')),
        );
        assert.deepEqual(outbox, [], 'nothing left in the stored outbox');
      } finally {
        api.state.refuseSockets = false;
        api.state.holdNextAck = false;
        await v.close();
      }
    });

    /** What the widget fetched from its own origin (chunks and API calls) since `from`. */
    const widgetRequests = (v, from = 0) =>
      v.requests.slice(from).filter((p) => p.startsWith('/chunks/') || p.startsWith('/api/'));
    const settle = async (page) => {
      await page.waitForLoadState('load');
      await page.waitForTimeout(1500);
    };

    it('costs a new visitor’s page only the loader until the pointer reaches the launcher', async () => {
      const v = await visit(api.origin);
      try {
        await settle(v.page);
        assert.deepEqual(widgetRequests(v), []);
        await v.launcher.hover();
        await v.page.waitForFunction(() => !!document.querySelector('zendo-chat').shadowRoot.querySelector('.status'));
        const ahead = widgetRequests(v);
        assert.ok(
          ahead.some((p) => /^\/chunks\/chat-/.test(p)),
          `chat chunk on hover: ${ahead}`,
        );
        assert.ok(!ahead.some((p) => p.startsWith('/api/')), 'no visitor is created by a hover');
        const before = v.requests.length;
        await v.launcher.click();
        await v.composer.waitFor();
        assert.deepEqual(
          widgetRequests(v, before).filter((p) => p.startsWith('/chunks/')),
          [],
          'the click found the chat loaded',
        );
        assert.deepEqual(v.problems, []);
      } finally {
        await v.close();
      }
    });

    it('costs a returning visitor with nothing new one small peek and a bootstrap, no chat, before intent', async () => {
      const v = await chatting();
      try {
        await v.composer.fill('Thanks, all sorted');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
        api.closeConversation();
        await v.page.locator('zendo-chat .ended').waitFor();
        await v.page.keyboard.press('Escape');

        const from = v.requests.length;
        await v.page.reload();
        await settle(v.page);
        const fetched = widgetRequests(v, from);
        assert.ok(
          fetched.some((p) => /^\/chunks\/peek-/.test(p)),
          `peek chunk: ${fetched}`,
        );
        assert.deepEqual(
          fetched.filter((p) => !/^\/chunks\/peek-/.test(p)),
          ['/api/v1/widget/bootstrap'],
        );
        assert.equal(await v.page.locator('zendo-chat [part="badge"]').isHidden(), true);
        assert.deepEqual(v.problems, []);
      } finally {
        await v.close();
      }
    });

    it('shows a returning visitor the reply they have not read on the badge before they open', async () => {
      const v = await chatting();
      try {
        await v.composer.fill('Is my order shipped?');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
        await v.page.keyboard.press('Escape');
        await v.page.close();
        // While no page of theirs is open, the agent answers and closes the conversation.
        api.agentSays('Yes, it left this morning.');
        api.closeConversation();

        const page = await v.page.context().newPage();
        await page.goto(v.page.url());
        const badge = page.locator('zendo-chat [part="badge"]');
        await badge.waitFor();
        assert.equal(await badge.innerText(), '1');
        assert.equal(
          await page.locator('zendo-chat [part="launcher"]').getAttribute('aria-label'),
          'Open chat, 1 unread message',
        );
      } finally {
        await v.close();
      }
    });

    it('works from the keyboard: Enter opens, Shift+Enter is a newline, Escape closes back to the launcher', async () => {
      const v = await visit(api.origin);
      try {
        await v.page.locator('#page-button').focus();
        await v.page.keyboard.press('Tab');
        assert.equal(
          await v.launcher.evaluate((el) => el.getRootNode().activeElement === el),
          true,
          'launcher reachable by Tab',
        );
        await v.page.keyboard.press('Enter');
        await v.composer.waitFor();
        await v.page.waitForFunction(
          () => document.querySelector('zendo-chat').shadowRoot.activeElement?.tagName === 'TEXTAREA',
        );
        await v.page.keyboard.type('line one');
        await v.page.keyboard.press('Shift+Enter');
        await v.page.keyboard.type('line two');
        assert.equal(await v.composer.inputValue(), 'line one\nline two');
        await v.page.keyboard.press('Escape');
        assert.equal(await v.panel.isHidden(), true);
        assert.equal(await v.launcher.getAttribute('aria-expanded'), 'false');
        assert.equal(
          await v.launcher.evaluate((el) => el.getRootNode().activeElement === el),
          true,
          'focus back on launcher',
        );
      } finally {
        await v.close();
      }
    });

    it('counts replies on the launcher badge while closed, and shows a closed conversation as ended', async () => {
      const v = await chatting();
      try {
        await v.composer.fill('Anyone?');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
        await v.page.keyboard.press('Escape');
        api.agentSays('Yes, here!');
        const badge = v.page.locator('zendo-chat [part="badge"]');
        await badge.waitFor();
        assert.equal(await badge.innerText(), '1');
        assert.match(await v.launcher.getAttribute('aria-label'), /1 unread message/);
        await v.launcher.click();
        await badge.waitFor({ state: 'hidden' });
        api.closeConversation();
        await v.page.locator('zendo-chat .ended').waitFor();
        await v.page.locator('zendo-chat .ended button').click();
        await v.composer.waitFor();
      } finally {
        await v.close();
      }
    });

    it('marks what it shows read, and asks how we did once the conversation is closed (axe-clean, sent once)', async () => {
      api.state.website.csatEnabled = true;
      const v = await chatting();
      try {
        await v.composer.fill('Is it in stock?');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
        api.agentSays('Yes, two left');
        await v.page.locator('zendo-chat .m.agent', { hasText: 'Yes, two left' }).waitFor();
        await waitUntil(() => api.state.reads.some(([, seq]) => seq === 2));
        api.closeConversation();
        const form = v.page.locator('zendo-chat .rate');
        await form.waitFor();
        await form.getByRole('button', { name: '5 out of 5' }).click();
        await form.getByLabel('Add a comment (optional)').fill('Thanks!');
        await v.page.evaluate(axeSource);
        const violations = await v.page.evaluate(async () => {
          const result = await window.axe.run(
            { include: [['zendo-chat']] },
            { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
          );
          return result.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        assert.deepEqual(violations, []);
        await form.getByRole('button', { name: 'Send rating' }).click();
        await v.page.locator('zendo-chat .rated', { hasText: 'Thanks for your feedback!' }).waitFor();
        assert.deepEqual(
          api.state.ratings.map(([, body]) => body),
          [{ score: 5, comment: 'Thanks!' }],
        );
      } finally {
        api.state.website.csatEnabled = undefined;
        await v.close();
      }
    });

    for (const colorScheme of ['light', 'dark']) {
      it(`passes axe (WCAG 2 A/AA, including contrast) in the ${colorScheme} scheme`, async () => {
        const v = await chatting({ colorScheme });
        try {
          await v.composer.fill('A question');
          await v.composer.press('Enter');
          await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
          api.agentSays('An answer');
          await v.page.locator('zendo-chat .m.agent .name').waitFor();
          await v.page.evaluate(axeSource);
          const violations = await v.page.evaluate(async () => {
            const result = await window.axe.run(
              { include: [['zendo-chat']] },
              { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
            );
            return result.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          });
          assert.deepEqual(violations, []);
        } finally {
          await v.close();
        }
      });
    }

    it('speaks the website’s language: Arabic puts lang and dir on the panel and mirrors the layout', async () => {
      api.state.website.locale = 'ar';
      const v = await chatting();
      try {
        assert.equal(await v.panel.getAttribute('lang'), 'ar');
        assert.equal(await v.panel.getAttribute('dir'), 'rtl');
        assert.equal(await v.composer.getAttribute('aria-label'), 'الرسالة');
        await v.composer.fill('مرحبا');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
        api.agentSays('أهلًا! كيف يمكننا مساعدتك؟');
        await v.page.locator('zendo-chat .m.agent .name').waitFor();

        const box = (selector) => v.page.locator(`zendo-chat ${selector}`).first().boundingBox();
        const [panel, mine, theirs, send, composer, close] = await Promise.all(
          ['[part="panel"]', '.m.visitor .text', '.m.agent .text', '[part="send"]', 'textarea', '.head .icon'].map(box),
        );
        // The visitor's bubbles sit at the inline end (left), the team's at the start (right).
        assert.ok(mine.x - panel.x < 40, `own message on the left: ${JSON.stringify({ mine, panel })}`);
        assert.ok(panel.x + panel.width - (theirs.x + theirs.width) < 40, 'team message on the right');
        assert.ok(send.x < composer.x, 'send button left of the composer');
        assert.ok(close.x < panel.x + panel.width / 2, 'close button on the left of the header');

        await v.page.evaluate(axeSource);
        const violations = await v.page.evaluate(async () => {
          const result = await window.axe.run({ include: [['zendo-chat']] }, { runOnly: ['wcag2a', 'wcag2aa'] });
          return result.violations.map((x) => x.id);
        });
        assert.deepEqual(violations, []);

        await v.page.keyboard.press('Escape');
        assert.equal(await v.launcher.getAttribute('aria-label'), 'فتح الدردشة');
        assert.deepEqual(v.problems, []);
      } finally {
        delete api.state.website.locale;
        await v.close();
      }
    });

    it('follows the browser’s language when the website leaves it to the visitor', async () => {
      api.state.website.locale = 'auto';
      const v = await visit(api.origin, { locale: 'de-DE' });
      try {
        await v.launcher.click();
        await v.composer.waitFor();
        assert.equal(await v.panel.getAttribute('lang'), 'de');
        assert.equal(await v.panel.getAttribute('dir'), 'ltr');
        assert.equal(await v.page.locator('zendo-chat [part="send"]').getAttribute('aria-label'), 'Senden');
        assert.equal(await v.launcher.getAttribute('aria-label'), 'Chat schließen');
      } finally {
        delete api.state.website.locale;
        await v.close();
      }
    });

    it('while nobody is online: says so, shows the offline greeting and takes an email', async () => {
      Object.assign(api.state.website, { online: false, offlineGreeting: 'We’re closed until 9:00. Leave us a note.' });
      const v = await chatting();
      const email = v.page.locator('zendo-chat .email input');
      try {
        assert.equal(await v.page.locator('zendo-chat .presence').innerText(), 'We’re away – we’ll reply by email');
        assert.match(await v.page.locator('zendo-chat .log').innerText(), /closed until 9:00/);
        assert.equal(await v.page.getByLabel('Leave your email so we can answer by mail').count(), 1);

        await email.fill('ada@example');
        await email.press('Enter');
        const error = v.page.locator('zendo-chat .email [role="alert"]');
        assert.match(await error.innerText(), /valid email address/);
        assert.equal(await email.getAttribute('aria-invalid'), 'true');
        // The form, its error and the away header pass axe in both schemes.
        await v.page.evaluate(axeSource);
        for (const colorScheme of ['light', 'dark']) {
          await v.page.emulateMedia({ colorScheme });
          const violations = await v.page.evaluate(async () => {
            const result = await window.axe.run({ include: [['zendo-chat']] }, { runOnly: ['wcag2a', 'wcag2aa'] });
            return result.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          });
          assert.deepEqual(violations, [], colorScheme);
        }
        await v.page.emulateMedia({ colorScheme: 'light' });

        await email.fill('ada@example.invalid');
        await v.page.locator('zendo-chat .email button').click();
        await v.page.waitForFunction(() =>
          /couldn’t save/.test(document.querySelector('zendo-chat').shadowRoot.querySelector('.error')?.textContent),
        );

        await email.fill('ada@example.com');
        await email.press('Enter');
        await v.page.locator('zendo-chat .saved', { hasText: 'ada@example.com' }).waitFor();
        const token = await v.page.evaluate((key) => localStorage.getItem(`zendo:${key}:visitor`), WEBSITE_KEY);
        assert.equal(api.state.visitors.get(token).email, 'ada@example.com');

        // Messages still go: the team answers later.
        await v.composer.fill('Please call me back');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)', { hasText: 'Please call me back' }).waitFor();

        api.presence('online');
        await v.page.locator('zendo-chat .presence', { hasText: 'We’re online' }).waitFor();
        assert.equal(await v.page.locator('zendo-chat .saved').count(), 0);
        // The server's refusals are answers, not page errors; the failed request is Chromium's own report.
        assert.deepEqual(
          v.problems.filter((p) => !/Failed to load resource/.test(p)),
          [],
        );
      } finally {
        delete api.state.website.online;
        delete api.state.website.offlineGreeting;
        await v.close();
      }
    });

    it('keeps the visitor across page loads and lets the page identify them', async () => {
      const v = await chatting();
      try {
        await v.composer.fill('Remember me');
        await v.composer.press('Enter');
        await v.page.locator('zendo-chat .m.visitor:not(.pending)').waitFor();
        const token = await v.page.evaluate((key) => localStorage.getItem(`zendo:${key}:visitor`), WEBSITE_KEY);
        assert.ok(api.state.visitors.has(token));
        await v.page.evaluate(() => window.Zendo.identify({ name: 'Grace', email: 'grace@example.com' }));
        assert.deepEqual(
          { ...api.state.visitors.get(token), id: undefined },
          { id: undefined, name: 'Grace', email: 'grace@example.com' },
        );

        await v.page.reload();
        await v.launcher.click();
        await v.page.locator('zendo-chat .m.visitor', { hasText: 'Remember me' }).waitFor();
      } finally {
        await v.close();
      }
    });
  });
});

/** Polls `check` until it is true (a fake-backend state the page changes over the network). */
async function waitUntil(check, ms = 10_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`waited ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
