/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Api } from '../support/api';
import { eventually } from '../support/browser';
import { linkToken, mailbox } from '../support/mailbox';
import { connect, Payload } from '../support/sockets';
import { TestApp } from '../support/test-app';
import { consoleHarness } from '../support/console-harness';

describe('agent console: accounts, deletion and visitor data in Chromium', () => {
  let mail: Awaited<ReturnType<typeof mailbox>>;
  const harness = consoleHarness(async () => {
    mail = await mailbox();
    return { smtpUrl: mail.url };
  });
  const { logIn } = harness;
  let running: TestApp;
  let api: Api;
  beforeAll(() => ({ running, api } = harness));
  afterAll(() => mail?.close());

  const visit = () => harness.visit({ acceptDownloads: true });

  const mailTo = (email: string, page: string) =>
    eventually(`a ${page} mail to ${email}`, () =>
      mail.received.filter((m) => m.to === email && m.text.includes(page)).at(-1),
    );

  it('confirms the email from the mailed link, which clears the banner', async () => {
    const agent = await api.signup('Vera');
    await api.website(agent);
    const { page, problems } = await visit();
    await logIn(page, agent);
    const banner = page.getByRole('region', { name: 'Email not confirmed' });
    await banner.waitFor();
    const before = mail.received.length;
    await banner.getByRole('button', { name: 'Resend verification email' }).click();
    await banner.getByText('A new link is on its way.').waitFor();
    await eventually('the second verification mail', () => (mail.received.length > before ? true : undefined));

    const token = linkToken((await mailTo(agent.agent.email, 'verify-email')).text, 'verify-email');
    await page.goto(`verify-email?token=${token}`);
    await page.getByText('Your email address is confirmed.').waitFor();
    await page.getByRole('link', { name: 'Go to your inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(await banner.count()).toBe(0);
    const me = await api.as(agent).get('/me').expect(200);
    expect(me.body.agent.emailVerified).toBe(true);

    await page.goto(`verify-email?token=${token}`); // used once already
    await page.getByRole('alert').getByText('not valid').waitFor();
    // The refused link is the one failed request the browser reports.
    expect(problems.filter((p) => !p.includes('400 (Bad Request)') || !p.includes('/auth/verify-email'))).toEqual([]);
  });

  it('resets a forgotten password through the mailed link, then logs in with the new one', async () => {
    const agent = await api.signup('Rita');
    await api.website(agent);
    const { page, problems } = await visit();
    await page.goto('login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(/\/app\/forgot-password$/); // the login page has an Email field too
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(agent.agent.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(`If an account exists for ${agent.agent.email}, we sent a link`).waitFor();

    const token = linkToken((await mailTo(agent.agent.email, 'reset-password')).text, 'reset-password');
    await page.goto(`reset-password?token=${token}`);
    await page.getByLabel('New password', { exact: true }).fill('a fresh password 1');
    await page.getByLabel('Repeat new password', { exact: true }).fill('a fresh password 2');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('The two passwords are not the same.').waitFor();
    await page.getByLabel('Repeat new password', { exact: true }).fill('a fresh password 1');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL(/\/app\/login\?reset=1$/);
    await page.getByText('Your password was changed. Log in with the new one.').waitFor();
    expect((await api.login(agent.agent.email, agent.password)).status).toBe(401);
    await logIn(page, agent, 'a fresh password 1');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('deletes messages and the conversation, and shows a deletion made elsewhere as it happens', async () => {
    const owner = await api.signup('Olga');
    const site = await api.website(owner, { name: 'Deli' });
    const visitor = await api.bootstrap(site.key);
    const socket = harness.keep(
      await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken }),
    );
    const opened = await socket.emit('conversation:open', {
      body: 'my card number is 1234',
      clientMessageId: randomUUID(),
    });
    expect(opened.ok).toBe(true);
    const conversationId: string = (opened as Payload).conversation.id;
    await socket.emit('message:new', { conversationId, body: 'sorry, ignore that', clientMessageId: randomUUID() });

    const { page, problems } = await visit();
    await logIn(page, owner);
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
    await page.goto(`w/${site.id}/inbox/${conversationId}`);
    const history = page.getByRole('log', { name: 'Conversation history' });
    const secret = history.getByRole('listitem').filter({ hasText: 'my card number is 1234' });
    await secret.getByRole('button', { name: 'Delete message' }).click();
    await secret.getByRole('button', { name: 'Delete', exact: true }).click();
    await history.getByText('Message deleted').waitFor();
    expect(await history.getByText('my card number is 1234').count()).toBe(0);
    const deleted = await eventually('message:deleted at the visitor', () => socket.received('message:deleted')[0]);
    expect(deleted).toMatchObject({ conversationId, seq: 1 });

    // A deletion made elsewhere reaches the open console.
    const rest = await api.as(owner).get(`/conversations/${conversationId}/messages`).expect(200);
    const second = rest.body.messages.find((m: { seq: number }) => m.seq === 2);
    await api.as(owner).delete(`/messages/${second.id}`).expect(204);
    await history.getByText('Message deleted').nth(1).waitFor();

    await page.getByRole('button', { name: 'Delete conversation' }).click();
    await page.getByRole('alertdialog').getByText('purged for good after 30 days').waitFor();
    await page.getByRole('button', { name: 'Delete for everyone' }).click();
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
    await page.getByText('Conversation deleted.').waitFor();
    expect(await page.getByRole('list', { name: 'Conversations' }).getByRole('button').count()).toBe(0);
    await api.as(owner).get(`/conversations/${conversationId}`).expect(404);
    expect(problems).toEqual([]);
  });

  it('exports a visitor’s data as a file and erases the visitor after confirming', async () => {
    const owner = await api.signup('Erin');
    const site = await api.website(owner, { name: 'Erasable' });
    const visitor = await api.bootstrap(site.key);
    await api
      .visitor(visitor.visitorToken)
      .patch('/visitor', { name: 'Grace', email: 'grace@example.com' })
      .expect(200);
    const socket = harness.keep(
      await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken }),
    );
    const opened = await socket.emit('conversation:open', { body: 'please forget me', clientMessageId: randomUUID() });
    const conversationId: string = (opened as Payload).conversation.id;

    const { page, problems } = await visit();
    await logIn(page, owner);
    await page.waitForURL(new RegExp(`/app/w/${site.id}/inbox$`));
    await page.goto(`w/${site.id}/inbox/${conversationId}`);
    const panel = page.getByRole('complementary');
    await panel.getByText('grace@example.com').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Export data' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`visitor-${visitor.visitor.id}.json`);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.visitor).toMatchObject({ id: visitor.visitor.id, name: 'Grace', email: 'grace@example.com' });
    expect(JSON.stringify(exported.conversations)).toContain('please forget me');

    await panel.getByRole('button', { name: 'Erase visitor' }).click();
    await panel.getByRole('alertdialog').getByText('This cannot be undone.').waitFor();
    await panel.getByRole('button', { name: 'Erase for good' }).click();
    await panel.getByText('Visitor erased.').waitFor();
    const history = page.getByRole('log', { name: 'Conversation history' });
    await history.getByRole('listitem').first().waitFor();
    expect(await history.getByText('please forget me').count()).toBe(0);
    expect(await panel.getByText('grace@example.com').count()).toBe(0);
    const audit = await api.as(owner).get(`/websites/${site.id}/audit`).expect(200);
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(
      expect.arrayContaining(['visitor.exported', 'visitor.erased']),
    );
    expect(problems).toEqual([]);
  });
});
