import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

const root = join(__dirname, '..', '..');
const widgetDist = join(root, 'widget', 'dist');
const consoleDist = join(root, 'dashboard', 'dist', 'browser');

describe('static assets: widget and console', () => {
  let running: TestApp;

  beforeAll(async () => {
    for (const dir of [widgetDist, consoleDist]) {
      if (!existsSync(dir)) throw new Error(`${dir} is missing: run make build (make test does) first`);
    }
    running = await startTestApp();
  });
  afterAll(async () => {
    await running.close();
  });

  it('serves /widget.js with a short cache, CORS for any site, and brotli or gzip when accepted', async () => {
    const plain = await request(running.url).get('/widget.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-type']).toMatch(/^text\/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=300');
    expect(plain.headers['access-control-allow-origin']).toBe('*');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(readFileSync(join(widgetDist, 'widget.js'), 'utf8'));

    const br = await request(running.url)
      .get('/widget.js')
      .set('Accept-Encoding', 'gzip, deflate, br')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/);

    const gz = await request(running.url)
      .get('/widget.js')
      .set('Accept-Encoding', 'gzip')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('serves content-hashed chunks with an immutable cache and 404s anything else', async () => {
    const chunk = readdirSync(join(widgetDist, 'chunks')).find((name) => name.endsWith('.js'))!;
    const res = await request(running.url).get(`/chunks/${chunk}`).set('Accept-Encoding', 'identity').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    await request(running.url).get('/chunks/missing-ABCDEFGH.js').expect(404);
    await request(running.url).get('/chunks/..%2f..%2fpackage.json').expect(404);
    await request(running.url).get('/chunks/%2e%2e/widget.js').expect(404);
  });

  it('serves the console at /app/ with deep links falling back to index.html', async () => {
    const index = await request(running.url).get('/app/').set('Accept-Encoding', 'identity').expect(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.text).toMatch(/<base href="\/app\/"\s*\/?>/);
    const deep = await request(running.url)
      .get('/app/inbox/some/deep/link')
      .set('Accept-Encoding', 'identity')
      .expect(200);
    expect(deep.text).toBe(index.text);
    await request(running.url).get('/app').expect(301).expect('Location', '/app/');
    const script = /src="([^"]+\.js)"/.exec(index.text)![1];
    const asset = await request(running.url)
      .get(`/app/${script}`)
      .set('Accept-Encoding', 'gzip')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('gzip');
    // supertest inflates gzip on the way in, so this compares the served bytes with the build's
    expect((asset.body as Buffer).toString('utf8')).toBe(readFileSync(join(consoleDist, script), 'utf8'));
    const missing = await request(running.url).get('/app/missing-file.js').expect(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });
});
