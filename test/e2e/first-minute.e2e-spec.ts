import { Client } from 'pg';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('The first minute: / and /demo', () => {
  let running: TestApp;
  let pg: Client;

  beforeAll(async () => {
    running = await startTestApp();
    pg = new Client({ connectionString: running.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await running.close();
  });

  it('redirects / to the console', async () => {
    const res = await request(running.url).get('/').expect(302);
    expect(res.headers.location).toBe('/app/');
  });

  it('says to sign up first while there is no account, and makes no website', async () => {
    const res = await request(running.url).get('/demo').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('Sign up first');
    expect(res.text).toContain('href="/app/signup"');
    expect(res.text).not.toContain('widget.js');
    expect((await pg.query('SELECT count(*)::int AS n FROM websites')).rows[0].n).toBe(0);
  });

  it('makes one demo website owned by the first account, even for two requests at once', async () => {
    const first = await running.api.signup('Owner');
    await running.api.signup('Second');
    const [a, b] = await Promise.all([request(running.url).get('/demo'), request(running.url).get('/demo')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const { rows } = await pg.query<{ id: string; key: string }>('SELECT id, key FROM websites WHERE demo');
    expect(rows).toHaveLength(1);
    for (const page of [a, b]) {
      expect(page.text).toContain(`<script src="/widget.js" data-website-key="${rows[0].key}" async></script>`);
    }
    const owners = await pg.query('SELECT agent_id, role FROM website_members WHERE website_id = $1', [rows[0].id]);
    expect(owners.rows).toEqual([{ agent_id: first.agent.id, role: 'owner' }]);

    // The page's key works for the widget, and a later visit reuses the website.
    await running.api.bootstrap(rows[0].key);
    await request(running.url).get('/demo').expect(200);
    expect((await pg.query('SELECT count(*)::int AS n FROM websites WHERE demo')).rows[0].n).toBe(1);
  });

  it('tells the console the demo is on', async () => {
    const res = await request(running.url).get('/api/v1/demo/status').expect(200);
    expect(res.body).toEqual({ enabled: true, url: '/demo' });
  });
});

describe('/demo in production without ZENDO_DEMO', () => {
  let running: TestApp;

  beforeAll(async () => {
    running = await startTestApp({ demo: false });
  });
  afterAll(async () => {
    await running.close();
  });

  it('answers 404 and says the demo is off', async () => {
    const res = await request(running.url).get('/demo').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    await request(running.url).get('/api/v1/demo/status').expect(200, { enabled: false, url: '/demo' });
    await request(running.url).get('/').expect(302);
  });
});
