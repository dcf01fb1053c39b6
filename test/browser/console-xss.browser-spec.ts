/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import { Api } from '../support/api';
import { WatchedPage } from '../support/browser';
import { connect, Payload } from '../support/sockets';
import { team } from '../support/team';
import { TestApp } from '../support/test-app';
import { consoleHarness } from '../support/console-harness';

/** Markup that runs script if a client ever renders text as HTML or a URL as a link target. */
const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=1</script>';
const SVG = '"><svg onload=window.__xss=1>';
const JS_URL = 'javascript:window.__xss=1';

describe('agent console renders planted markup as text', () => {
  const harness = consoleHarness();
  const { logIn } = harness;
  let running: TestApp;
  let api: Api;
  beforeAll(() => ({ running, api } = harness));

  async function visit(): Promise<WatchedPage & { dialogs: string[] }> {
    const watched = await harness.visit();
    const dialogs: string[] = [];
    watched.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return { ...watched, dialogs };
  }

  /** Nothing planted ran, and none of it became an element or an active link. */
  async function expectInert(page: Page, dialogs: string[]) {
    const found = await page.evaluate(() => ({
      flag: (window as unknown as { __xss?: unknown }).__xss,
      handlers: document.querySelectorAll('[onerror], [onload], img[src="x"], svg').length,
      scripts: Array.from(document.querySelectorAll('script')).filter((s) => s.textContent?.includes('__xss')).length,
      jsLinks: Array.from(document.querySelectorAll('a[href]')).filter((a) =>
        a.getAttribute('href')!.trim().toLowerCase().startsWith('javascript:'),
      ).length,
    }));
    expect(found).toEqual({ flag: undefined, handlers: 0, scripts: 0, jsLinks: 0 });
    expect(dialogs).toEqual([]);
  }

  it('in the inbox, the conversation, the visitor panel, members, settings and the audit log', async () => {
    const { owner, site, members } = await team(api, running.db.url, ['agent'], 'Shop');
    const [helper] = members;
    await api.as(owner).patch('/me', { name: IMG }).expect(200);
    await api.as(helper).patch('/me', { name: SVG }).expect(200);
    await api
      .as(owner)
      .patch(`/websites/${site.id}`, { name: SCRIPT, offlineGreeting: SVG, settings: { greeting: IMG } })
      .expect(200);

    // The visitor: a page URL carrying markup, then an identify with a marked-up name.
    const pageUrl = `https://shop.example/search?q=${encodeURIComponent(SVG)}#${IMG}`;
    const boot = await api
      .http()
      .post('/api/v1/widget/bootstrap')
      .send({ websiteKey: site.key, pageUrl, pageTitle: SCRIPT });
    expect(boot.status).toBe(200);
    const visitorToken: string = boot.body.visitorToken;
    expect(
      (await api.http().post('/api/v1/widget/bootstrap').send({ websiteKey: site.key, pageUrl: JS_URL })).status,
    ).toBe(400);
    // An address that is markup is refused outright; one with a quote in it is stored as it is.
    expect((await api.visitor(visitorToken).patch('/visitor', { email: `${SVG}@example.com` })).status).toBe(400);
    const email = "o'brien+x@example.com";
    await api.visitor(visitorToken).patch('/visitor', { name: IMG, email }).expect(200);

    const socket = harness.keep(await connect(running.url, { websiteKey: site.key, visitorToken }));
    const opened = await socket.emit('conversation:open', { body: SCRIPT, clientMessageId: randomUUID() });
    expect(opened.ok).toBe(true);
    const conversationId: string = (opened as Payload).conversation.id;
    for (const body of [IMG, JS_URL]) {
      const ack = await socket.emit('message:new', { conversationId, body, clientMessageId: randomUUID() });
      expect(ack.ok).toBe(true);
    }
    for (const body of [SVG, `See ${JS_URL}`]) {
      await api
        .as(helper)
        .post(`/conversations/${conversationId}/messages`, { body, clientMessageId: randomUUID() })
        .expect(201);
    }

    // Tags and canned responses: the console of this branch shows tags in the visitor panel only.
    const tag = await api.as(owner).post(`/websites/${site.id}/tags`, { name: IMG });
    expect(tag.status).toBe(201);
    await api
      .as(owner)
      .put(`/conversations/${conversationId}/tags`, { tags: [IMG] })
      .expect(200);
    await api
      .as(owner)
      .post(`/websites/${site.id}/canned-responses`, { shortcut: 'xss', title: SCRIPT, body: IMG })
      .expect(201);
    const canned = await api.as(owner).get(`/websites/${site.id}/canned-responses`).expect(200);
    expect(canned.body.items).toEqual([expect.objectContaining({ shortcut: 'xss', title: SCRIPT, body: IMG })]);
    const stored = await api.as(owner).get(`/websites/${site.id}`).expect(200);
    expect(stored.body).toMatchObject({ name: SCRIPT, offlineGreeting: SVG, settings: { greeting: IMG } });

    const { page, problems, dialogs } = await visit();
    await logIn(page, owner);
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));

    // Inbox: the visitor's name and the last message, as text.
    const list = page.getByRole('list', { name: 'Conversations' });
    const item = list.getByRole('button').filter({ hasText: IMG });
    await item.waitFor();
    await item.getByText(`See ${JS_URL}`).waitFor();
    await page.getByText(IMG, { exact: true }).first().waitFor(); // the agent's own name in the bar
    const chosen = await page
      .getByRole('combobox', { name: 'Website', exact: true })
      .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent?.trim());
    expect(chosen).toBe(SCRIPT);
    await expectInert(page, dialogs);

    // The conversation: every body from both sides, the helper's name as the author.
    await item.click();
    await page.waitForURL(new RegExp(`/inbox/${conversationId}$`));
    const history = page.getByRole('log', { name: 'Conversation history' });
    await history.getByText(`See ${JS_URL}`, { exact: true }).waitFor();
    const bodies = await history.locator('.body').evaluateAll((nodes) => nodes.map((n) => n.textContent?.trim()));
    expect(bodies).toEqual([SCRIPT, IMG, JS_URL, SVG, `See ${JS_URL}`]);
    const authors = await history.locator('.author').evaluateAll((nodes) => nodes.map((n) => n.textContent?.trim()));
    expect(authors).toEqual([IMG, IMG, IMG, SVG, SVG]); // the visitor's name, then the helper's
    await page.getByRole('heading', { name: IMG }).waitFor();

    // The visitor panel: name, email, tag and page URL.
    const panel = page.getByRole('complementary');
    await panel.getByText(IMG, { exact: true }).first().waitFor();
    await panel.getByText(email, { exact: true }).waitFor();
    expect(await panel.getByRole('link', { name: email }).getAttribute('href')).toBe(`mailto:${email}`);
    const pageLink = panel.getByRole('link', { name: pageUrl });
    expect(await pageLink.getAttribute('href')).toBe(pageUrl); // an attribute value, never markup
    expect(await panel.getByText(IMG, { exact: true }).count()).toBe(2); // name and tag
    await expectInert(page, dialogs);

    // Members: both agents' names.
    await page.getByRole('link', { name: 'Members' }).click();
    const people = page.getByRole('list', { name: 'Members' });
    await people.getByRole('button', { name: `Remove ${SVG}` }).waitFor();
    const names = await people.locator('.name').evaluateAll((nodes) => nodes.map((n) => n.textContent));
    expect(names.some((n) => n?.includes(SVG))).toBe(true);
    expect(names.some((n) => n?.includes(IMG))).toBe(true);
    await expectInert(page, dialogs);

    // Settings: the website name in its field and heading, the greeting in its field.
    await page.getByRole('link', { name: 'Website settings' }).click();
    await page.getByRole('heading', { name: SCRIPT, exact: true }).waitFor();
    expect(await page.getByLabel('Website name', { exact: true }).inputValue()).toBe(SCRIPT);
    expect(await page.getByLabel('Greeting', { exact: true }).inputValue()).toBe(IMG);
    await expectInert(page, dialogs);

    // Security and the audit log: the renamed website, the old and new values of every change.
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { name: `Security of ${SCRIPT}` }).waitFor();
    await page.getByRole('link', { name: 'Audit log' }).click();
    const audit = page.getByRole('table', { name: 'Audit log' });
    await audit.getByText(`Name: Shop → ${SCRIPT}`).waitFor();
    await audit.getByText(`Offline greeting: none → ${SVG}`).waitFor();
    await expectInert(page, dialogs);

    expect(problems).toEqual([]);
  });
});
