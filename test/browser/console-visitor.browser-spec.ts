/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import request from 'supertest';
import { AgentSession, Api } from '../support/api';
import { TestApp } from '../support/test-app';
import { axeViolations, eventually, RESULTS_DIR } from '../support/browser';
import { configureAttachmentLinks } from '../../src/conversations/attachment-links';
import { consoleHarness } from '../support/console-harness';

/** A real 1×1 PNG, so the thumbnail has something to decode. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The console's side of "The visitor's side": attachments, read receipts, ratings, a phone, axe, keys. */
describe("console: the visitor's side in Chromium", () => {
  const harness = consoleHarness();
  const { logIn, visitorOpens } = harness;
  let running: TestApp;
  let api: Api;
  /** Violations per screen, printed at the end so the numbers are on record. */
  const axeCounts: Record<string, number> = {};

  beforeAll(() => {
    ({ running, api } = harness);
    // Links point at where the console is served from, as PUBLIC_URL makes them in a deployment.
    configureAttachmentLinks(running.config.jwtSecret, running.url);
  });

  afterAll(() => {
    if (Object.keys(axeCounts).length) console.log(`axe violations per screen: ${JSON.stringify(axeCounts)}`);
  });

  const visit = (viewport?: { width: number; height: number }) => harness.visit(viewport ? { viewport } : {});

  const asVisitor = (token: string, path: string) =>
    request(running.url).post(`/api/v1/widget${path}`).set('X-Visitor-Token', token);

  async function lastMessage(agent: AgentSession, conversationId: string) {
    const res = await api.as(agent).get(`/conversations/${conversationId}/messages`).expect(200);
    return res.body.messages.at(-1);
  }

  const overflow = (page: Page) =>
    page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: window.innerWidth }));

  it('shows files both ways, "Seen", the rating, shortcuts, the report and the widget settings', async () => {
    const agent = await api.signup('Rosa');
    const site = await api.website(agent, { name: 'Tile shop' });
    const { page, problems } = await visit();
    const reads: number[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && /\/conversations\/[^/]+\/read$/.test(new URL(req.url()).pathname)) {
        reads.push(JSON.parse(req.postData() ?? '{}').seq);
      }
    });
    await logIn(page, agent);
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
    const chat = await visitorOpens(site, 'The tiles arrived broken');
    const list = page.getByRole('list', { name: 'Conversations' });
    await list.getByRole('button').filter({ hasText: 'The tiles arrived broken' }).waitFor();
    await page.keyboard.press('j'); // the first conversation of the list
    await page.waitForURL(new RegExp(`/inbox/${chat.conversation.id}$`));
    const history = page.getByRole('log', { name: 'Conversation history' });
    await history.getByText('The tiles arrived broken').waitFor();
    // The open thread counts as read on the server.
    await eventually('the console to mark the thread read', () => (reads.includes(1) ? true : undefined));

    // The visitor sends a screenshot; the agent sees the thumbnail live and can fetch the file.
    const sent = await asVisitor(chat.visitor.visitorToken, `/conversations/${chat.conversation.id}/attachments`)
      .field('body', 'see the photo')
      .field('clientMessageId', randomUUID())
      .attach('file', PNG, { filename: 'broken.png', contentType: 'image/png' });
    expect(sent.status).toBe(201);
    const thumb = history.getByRole('img', { name: 'broken.png' });
    await thumb.waitFor();
    expect(await thumb.getAttribute('loading')).toBe('lazy');
    expect(await history.getByRole('link', { name: 'broken.png' }).getAttribute('target')).toBe('_blank');
    await page.waitForFunction(
      () => (document.querySelector('img[alt="broken.png"]') as HTMLImageElement | null)?.naturalWidth === 1,
    );
    const src = (await thumb.getAttribute('src'))!;
    const download = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength };
    }, src);
    expect(download).toEqual({ status: 200, type: 'image/png', size: PNG.length });
    await eventually('the new message to be marked read', () => (reads.includes(2) ? true : undefined));

    // The agent attaches a text file from the file input, with words; a refused type is said in words.
    await page.getByLabel('Message', { exact: true }).fill('A refund form is attached');
    await page.getByLabel('Attach file').setInputFiles({
      name: 'refund.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Name:\nOrder:\n'),
    });
    const fileLink = history.getByRole('link', { name: /^refund\.txt \(\d+ B\)$/ });
    await fileLink.waitFor();
    expect(await fileLink.getAttribute('download')).toBe('refund.txt');
    const agentFile = await lastMessage(agent, chat.conversation.id);
    expect(agentFile).toMatchObject({
      body: 'A refund form is attached',
      sender: { type: 'agent', id: agent.agent.id },
      attachments: [{ name: 'refund.txt', type: 'text/plain' }],
    });
    await eventually('the file at the visitor', () =>
      chat.socket.received('message:new').find((m) => m.message.attachments?.[0]?.name === 'refund.txt'),
    );
    await page.getByLabel('Attach file').setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]),
    });
    await page.getByText('Not sent: This type of file cannot be attached.').waitFor();
    await page.getByRole('button', { name: 'Dismiss setup.exe' }).click();

    // "Seen" follows the visitor's read receipt, under the agent's message.
    const agentRow = history.getByRole('listitem').filter({ hasText: 'A refund form is attached' });
    expect(await agentRow.getByText('Seen', { exact: true }).count()).toBe(0);
    await asVisitor(chat.visitor.visitorToken, `/conversations/${chat.conversation.id}/read`)
      .send({ seq: agentFile.seq })
      .expect(204);
    await agentRow.getByText('Seen', { exact: true }).waitFor();

    // A file dropped on the composer and a pasted screenshot are sent too.
    await page.evaluate((png) => {
      const dropped = new DataTransfer();
      dropped.items.add(new File(['order 1234'], 'order.txt', { type: 'text/plain' }));
      const form = document.querySelector('form.composer')!;
      const init = { dataTransfer: dropped, bubbles: true, cancelable: true };
      form.dispatchEvent(new DragEvent('dragover', init));
      form.dispatchEvent(new DragEvent('drop', init));
      const pasted = new DataTransfer();
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      pasted.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
      const box = document.querySelector('textarea#composer-message')!;
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
    }, PNG.toString('base64'));
    await history.getByRole('link', { name: /^order\.txt \(\d+ B\)$/ }).waitFor();
    await history.getByRole('img', { name: 'pasted.png' }).waitFor();

    // Keyboard: `?` lists the shortcuts, Escape closes; `e` closes the conversation.
    await page.locator('h2#conversation-title').click();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Next conversation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Straight after the dialog: the next shortcut reaches the page, not the closed dialog.
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inbox-search');
    expect(await page.getByLabel('Search conversations').inputValue()).toBe('');
    const composer = page.getByLabel('Message', { exact: true });
    await composer.press('e'); // typed, not a shortcut
    expect(await composer.inputValue()).toBe('e');
    expect(await page.locator('.chat-head .status').innerText()).toBe('Open');
    await composer.fill('');
    await page.locator('h2#conversation-title').click();
    await page.keyboard.press('c');
    await page.getByText('Conversation claimed.').waitFor();
    await page.getByRole('button', { name: 'Unassign' }).waitFor();
    await page.keyboard.press('e');
    await page.getByRole('button', { name: 'Reopen conversation' }).waitFor();

    // The visitor rates the closed conversation; the thread shows it live.
    await asVisitor(chat.visitor.visitorToken, `/conversations/${chat.conversation.id}/rating`)
      .send({ score: 4, comment: 'Quick refund' })
      .expect(201);
    await page.getByText('Rated 4/5').waitFor();
    await page.getByText('Quick refund').waitFor();

    // The satisfaction report.
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Satisfaction' }).waitFor();
    await page.getByTestId('csat-average').filter({ hasText: '4.00 out of 5' }).waitFor();
    expect(await page.getByTestId('csat-count').innerText()).toBe('1');
    await page.getByRole('list', { name: 'Ratings by score' }).getByText('4 stars: 1 rating (100%)').waitFor();
    await page.getByLabel('From').fill('2999-01-01');
    await page.getByText('No ratings in this period.').waitFor();

    // The widget's language and the rating question, in the website settings.
    await page.getByRole('link', { name: 'Website settings' }).click();
    await page.getByLabel('Widget language').selectOption({ label: 'Deutsch' });
    await page.getByLabel('Ask visitors to rate closed conversations').uncheck();
    await page.getByRole('button', { name: 'Save language and ratings' }).click();
    await page.getByText('Language and ratings saved.').waitFor();
    const website = await api.as(agent).get(`/websites/${site.id}`).expect(200);
    expect(website.body).toMatchObject({ locale: 'de', csatEnabled: false });
    // The refused .exe is the only failed request, and the page said why.
    expect(problems.filter((p) => !p.includes('status of 415'))).toEqual([]);
  });

  it('at 375 px: one column, a menu button, inbox → thread → back, nothing wider than the screen', async () => {
    const agent = await api.signup('Pia');
    const site = await api.website(agent, { name: 'Phone shop' });
    const chat = await visitorOpens(site, 'Is the blue case in stock?');
    const { page, problems } = await visit({ width: 375, height: 740 });
    await logIn(page, agent);
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
    const item = page.getByRole('list', { name: 'Conversations' }).getByRole('button').first();
    await item.waitFor();
    expect((await overflow(page)).scroll).toBeLessThanOrEqual(375);

    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: 'Members' }).isVisible()).toBe(false);
    await menu.click();
    await page.getByRole('link', { name: 'Members' }).waitFor();
    expect((await overflow(page)).scroll).toBeLessThanOrEqual(375);
    await menu.click();
    await page.getByRole('link', { name: 'Members' }).waitFor({ state: 'hidden' });
    mkdirSync(RESULTS_DIR, { recursive: true });
    // The list fills the screen below the bar.
    const listBottom = (await page.locator('section.inbox').boundingBox())!;
    expect(listBottom.y + listBottom.height).toBeGreaterThan(730);
    // An empty notice takes no room: the page gets every pixel below the bar and the banners.
    const emptyNotices = await page.evaluate(() =>
      ['.banner', '.membership']
        .map((selector) => document.querySelector(selector)!)
        .filter((notice) => !notice.textContent?.trim())
        .map((notice) => notice.getBoundingClientRect().height),
    );
    expect(emptyNotices.length).toBeGreaterThan(0);
    for (const height of emptyNotices) expect(height).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(RESULTS_DIR, 'console-375-inbox.png') });

    await item.click();
    await page.waitForURL(new RegExp(`/inbox/${chat.conversation.id}$`));
    await page.getByRole('log', { name: 'Conversation history' }).getByText('Is the blue case in stock?').waitFor();
    expect(await page.getByRole('list', { name: 'Conversations' }).isVisible()).toBe(false);
    await page.getByLabel('Message', { exact: true }).fill('Yes, two left.');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await page.getByRole('log', { name: 'Conversation history' }).getByText('Yes, two left.').waitFor();
    expect((await overflow(page)).scroll).toBeLessThanOrEqual(375);
    // Nothing is cut off inside a pane either: the buttons of the composer are on screen.
    for (const name of ['Send', 'Close conversation']) {
      const box = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(375);
    }
    const attach = (await page.getByText('Attach file', { exact: true }).boundingBox())!;
    expect(attach.x + attach.width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(RESULTS_DIR, 'console-375-thread.png') });

    await page.getByRole('link', { name: 'Back to conversations' }).click();
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
    await item.waitFor();
    expect((await overflow(page)).scroll).toBeLessThanOrEqual(375);
    expect(problems).toEqual([]);
  });

  it('passes axe with 0 violations on every screen', async () => {
    const agent = await api.signup('Axel');
    const site = await api.website(agent, { name: 'Axe shop' });
    const { page, problems } = await visit();
    const check = async (screen: string) => {
      const violations = await axeViolations(page, [['html']]);
      axeCounts[screen] = violations.length;
      if (violations.length) console.error(`axe violations on ${screen}:\n${violations.join('\n')}`);
    };

    await page.goto('login');
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await check('login');
    await page.goto('signup');
    await page.getByRole('button', { name: 'Sign up' }).waitFor();
    await check('signup');
    await page.goto('invite?token=not-a-real-invite');
    await page.getByRole('heading', { name: 'This invite can’t be used' }).waitFor();
    await check('invite');

    await logIn(page, agent);
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
    await page.getByText('No open conversations.').waitFor();
    await check('inbox (empty)');

    const chat = await visitorOpens(site, 'Do you sell grout?');
    const item = page.getByRole('list', { name: 'Conversations' }).getByRole('button').first();
    await item.waitFor();
    await check('inbox (with a conversation)');

    await asVisitor(chat.visitor.visitorToken, `/conversations/${chat.conversation.id}/attachments`)
      .field('body', 'this one')
      .attach('file', PNG, { filename: 'grout.png', contentType: 'image/png' })
      .expect(201);
    await item.click();
    const history = page.getByRole('log', { name: 'Conversation history' });
    await history.getByRole('img', { name: 'grout.png' }).waitFor();
    await page.getByLabel('Message', { exact: true }).fill('Yes, in six colours.');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await history.getByText('Yes, in six colours.').waitFor();
    await check('conversation');
    await page.locator('h2#conversation-title').click();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await check('shortcuts dialog');
    await page.keyboard.press('Escape');

    const screens: [string, string, string][] = [
      ['members', `w/${site.id}/members`, 'Members'],
      ['website settings', `w/${site.id}/settings`, 'Language and ratings'],
      ['preferences', 'preferences', 'Preferences'],
      ['canned responses', `w/${site.id}/canned`, 'Canned responses'],
      ['tags', `w/${site.id}/tags`, 'Tags'],
      ['reports', `w/${site.id}/reports`, 'Satisfaction'],
    ];
    for (const [screen, path, heading] of screens) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await check(screen);
    }
    expect(axeCounts).toEqual(Object.fromEntries(Object.keys(axeCounts).map((k) => [k, 0])));
    // The made-up invite is refused by the server, which the console reports as such.
    expect(problems.filter((p) => !p.includes('/api/v1/invites/inspect'))).toEqual([]);
  });
});
