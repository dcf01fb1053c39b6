/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AgentSession, Api, WebsiteInfo } from '../support/api';
import { TestApp } from '../support/test-app';
import { eventually, RESULTS_DIR, WAIT_MS } from '../support/browser';
import { connect } from '../support/sockets';
import { consoleHarness } from '../support/console-harness';

describe('agent tools in the console, in Chromium', () => {
  const harness = consoleHarness();
  const { visit, logIn } = harness;
  let running: TestApp;
  let api: Api;
  beforeAll(() => ({ running, api } = harness));

  /** A named visitor whose conversation starts with `body` and then has `later` agent notes on top. */
  async function conversationWithHistory(agent: AgentSession, site: WebsiteInfo, body: string, later: number) {
    const visitor = await api.bootstrap(site.key);
    await api.visitor(visitor.visitorToken).patch('/visitor', { name: 'Ada' }).expect(200);
    const socket = harness.keep(
      await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken }),
    );
    const opened = await socket.emit('conversation:open', { body, clientMessageId: randomUUID() });
    if (!opened.ok) throw new Error(`conversation:open refused: ${JSON.stringify(opened)}`);
    const conversation = opened.conversation as { id: string };
    for (let i = 1; i <= later; i++) {
      await api
        .as(agent)
        .post(`/conversations/${conversation.id}/messages`, {
          body: `Update number ${i}`,
          clientMessageId: randomUUID(),
        })
        .expect(201);
    }
    return { socket, conversation };
  }

  it('inserts a canned response with the visitor’s name, tags the conversation and finds an old message', async () => {
    const agent = await api.signup('Grace');
    const site = await api.website(agent, { name: 'Blender shop' });
    await api
      .as(agent)
      .post(`/websites/${site.id}/canned-responses`, {
        shortcut: 'refund',
        title: 'Refund on its way',
        body: 'Hi {{visitor.name | there}}, your refund from {{website.name}} is on its way.',
      })
      .expect(201);
    // More than one page of history (50), so the first message is not loaded when the thread opens.
    const { socket, conversation } = await conversationWithHistory(
      agent,
      site,
      'I was charged twice for the blender',
      60,
    );

    const { page, problems } = await visit();
    await logIn(page, agent);
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
    const row = page.getByRole('list', { name: 'Conversations' }).getByRole('button').filter({ hasText: 'Ada' });
    await row.click();
    await page.waitForURL(new RegExp(`/inbox/${conversation.id}$`));
    const history = page.getByRole('log', { name: 'Conversation history' });
    await history.getByText('Update number 60').waitFor();
    expect(await history.getByText('I was charged twice for the blender').count()).toBe(0);

    // Canned response: "/ref", Enter picks the first match, the filled text is what is sent.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.pressSequentially('/ref');
    const listbox = page.getByRole('listbox', { name: 'Canned responses' });
    const option = listbox.getByRole('option').filter({ hasText: '/refund' });
    await option.waitFor();
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await composer.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    expect(await option.innerText()).toContain('Hi Ada, your refund from Blender shop is on its way.');
    await composer.press('Enter');
    const filled = 'Hi Ada, your refund from Blender shop is on its way.';
    expect(await composer.inputValue()).toBe(filled);
    await listbox.waitFor({ state: 'hidden' });
    await composer.press('Enter');
    await eventually('the filled reply at the visitor', () =>
      socket.received('message:new').find((m) => m.message.body === filled),
    );
    await history.getByText(filled).waitFor();

    // Tag: created inline from the conversation, shown as a chip in the header and the inbox row.
    await page.getByLabel('Add a tag', { exact: true }).fill('billing');
    await page.getByRole('button', { name: 'Create and add tag' }).click();
    await page.getByRole('list', { name: 'Applied tags' }).getByText('billing').waitFor();
    await page.getByRole('button', { name: 'Remove tag billing' }).waitFor();
    await row.locator('.chip', { hasText: 'billing' }).waitFor();
    const stored = await api.as(agent).get(`/conversations/${conversation.id}`).expect(200);
    expect(stored.body.tags).toEqual(['billing']);

    // Search: the old message is found, its match marked, and revealed in the thread on click.
    await page.getByLabel('Search conversations', { exact: true }).fill('blender');
    await page.waitForURL(/[?&]q=blender/);
    const results = page.getByRole('list', { name: 'Search results' });
    const mark = results.locator('mark', { hasText: 'blender' }).first();
    await mark.waitFor();
    const hit = results
      .getByRole('button')
      .filter({ has: page.locator('mark') })
      .filter({ hasText: 'charged twice' });
    await hit.click();
    await page.waitForURL(new RegExp(`/inbox/${conversation.id}\\?q=blender$`));
    const old = history.locator('li.message.revealed').filter({ hasText: 'I was charged twice for the blender' });
    await old.waitFor();
    const started = Date.now();
    const inView = () =>
      old.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const viewport = el.closest('.viewport')!.getBoundingClientRect();
        return box.bottom > viewport.top && box.top < viewport.bottom;
      });
    while (!(await inView())) {
      if (Date.now() - started > WAIT_MS) throw new Error('the revealed message never came into view');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'console-tools.png') });
    expect(problems).toEqual([]);
  });
});
