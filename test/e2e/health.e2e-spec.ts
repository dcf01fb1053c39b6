import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { admin } from '../support/test-database';

describe('GET /healthz', () => {
  let running: TestApp;

  beforeAll(async () => {
    running = await startTestApp();
  });
  afterAll(async () => {
    await running.close();
  });

  it('answers 200 {status: ok} when the database answers', async () => {
    const res = await request(running.url).get('/healthz').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { database: 'up' } });
  });

  it('answers 503 while the database is unreachable, and 200 again after', async () => {
    await admin(async (c) => {
      await c.query(`ALTER DATABASE ${running.db.name} ALLOW_CONNECTIONS false`);
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [running.db.name]);
    });
    try {
      const res = await request(running.url).get('/healthz').expect(503);
      expect(res.body).toMatchObject({ status: 'unavailable', checks: { database: 'down' } });
    } finally {
      await admin((c) => c.query(`ALTER DATABASE ${running.db.name} ALLOW_CONNECTIONS true`));
    }
    await request(running.url).get('/healthz').expect(200);
  });

  it('answers unknown routes 404 in the error shape', async () => {
    const res = await request(running.url).get('/api/v1/nothing-here').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('answers malformed JSON 400 in the error shape, without a stack', async () => {
    const res = await request(running.url)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
  });
});
