import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import request from 'supertest';
import { parseS3Url } from '../../src/config/s3-url';
import { DeletionService } from '../../src/conversations/deletion.service';
import { Api, expectError } from '../support/api';
import { TestSocket } from '../support/sockets';
import { team, until, visitorConversation } from '../support/team';
import { RunningApp, startApp, startTestApp, TestApp } from '../support/test-app';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d4948445200000001000000010806000000', 'hex'),
  Buffer.from('not really pixels, but bytes to compare'),
]);
const BUCKET = 'zendo-files';
const PREFIX = 'deployment-a/';

/** A port nothing listens on: storage that is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Attachments kept in S3-compatible storage (S3_URL): the app against a local S3 server (s3rver),
 * uploads and downloads through the API, and the objects looked at in the bucket itself.
 */
describe('attachments in S3-compatible storage', () => {
  let s3rver: S3rver;
  let s3Dir: string;
  let s3: S3Client;
  let port: number;
  let running: TestApp;
  let api: Api;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    s3Dir = mkdtempSync(join(tmpdir(), 'zendo-s3-'));
    s3rver = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    ({ port } = await s3rver.run());
    s3 = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    running = await startTestApp({
      authRateLimit: 1000,
      s3: parseS3Url(`s3+http://S3RVER:S3RVER@127.0.0.1:${port}/${BUCKET}/deployment-a?forcePathStyle=true`),
    });
    api = running.api;
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await running.close();
    s3.destroy();
    await s3rver.close().catch(() => undefined);
    rmSync(s3Dir, { recursive: true, force: true });
  });

  const setup = async () => {
    const { owner, site } = await team(api, running.db.url, []);
    const chat = await visitorConversation(api, running.url, site);
    sockets.push(chat.socket);
    return { owner, site, ...chat };
  };
  const upload = (visitorToken: string, conversationId: string, name = 'shot.png') =>
    request(running.url)
      .post(`/api/v1/widget/conversations/${conversationId}/attachments`)
      .set('X-Visitor-Token', visitorToken)
      .attach('file', PNG, name);
  const download = (app: RunningApp, link: string) => {
    const url = new URL(link);
    return request(app.url)
      .get(url.pathname + url.search)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          // errors are the contract's JSON body; files stay bytes
          done(null, /json/.test(String(res.headers['content-type'])) ? JSON.parse(bytes.toString()) : bytes);
        });
      });
  };
  const keys = async (conversationId: string) =>
    (
      (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${PREFIX}${conversationId}/` }))).Contents ??
      []
    )
      .map((o) => o.Key)
      .sort();

  it('stores an upload as an object in the bucket and serves the same bytes with the same headers', async () => {
    const { owner, visitor, conversation } = await setup();
    const sent = await upload(visitor.visitorToken, conversation.id);
    expect(sent.status).toBe(201);
    const attachment = sent.body.message.attachments[0];
    expect(attachment).toMatchObject({ type: 'image/png', size: PNG.length, name: 'shot.png' });

    // in the bucket, under the prefix, with its type; nothing on disk
    const key = `${PREFIX}${conversation.id}/${attachment.id}`;
    expect(await keys(conversation.id)).toEqual([key]);
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(object.ContentType).toBe('image/png');
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(PNG)).toBe(true);
    expect(existsSync(running.config.attachmentsDir) ? readdirSync(running.config.attachmentsDir) : []).toEqual([]);

    const got = await download(running, attachment.url);
    expect(got.status).toBe(200);
    expect((got.body as Buffer).equals(PNG)).toBe(true);
    expect(got.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(PNG.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': expect.stringContaining('sandbox'),
    });
    expect(got.headers['content-disposition']).toMatch(/^inline; filename="shot.png"/);

    // an agent's text file: served as a download, never inline
    const notes = await request(running.url)
      .post(`/api/v1/conversations/${conversation.id}/attachments`)
      .set('Authorization', `Bearer ${owner.accessToken}`)
      .attach('file', Buffer.from('plain notes\n'), 'notes.txt');
    expect(notes.status).toBe(201);
    const text = await download(running, notes.body.message.attachments[0].url);
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.headers['content-disposition']).toMatch(/^attachment; /);
    expect((text.body as Buffer).toString()).toBe('plain notes\n');
  });

  it('answers 404 for an object that is gone from the bucket', async () => {
    const { visitor, conversation } = await setup();
    const sent = await upload(visitor.visitorToken, conversation.id);
    const attachment = sent.body.message.attachments[0];
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${conversation.id}/${attachment.id}` }));
    expectError(await download(running, attachment.url), 404, 'NOT_FOUND');
  });

  it('removes the object with its message, the erased visitor, and the purged conversation', async () => {
    const { owner, site, visitor, conversation } = await setup();
    const one = await upload(visitor.visitorToken, conversation.id, 'a.png');
    const two = await upload(visitor.visitorToken, conversation.id, 'b.png');
    expect(await keys(conversation.id)).toHaveLength(2);

    expect((await api.as(owner).delete(`/messages/${one.body.message.id}`)).status).toBe(204);
    await until('the first object gone', async () => (await keys(conversation.id)).length === 1, 10_000, 100);
    expect(await keys(conversation.id)).toEqual([`${PREFIX}${conversation.id}/${two.body.message.attachments[0].id}`]);
    expectError(await download(running, one.body.message.attachments[0].url), 404, 'NOT_FOUND');

    expect((await api.as(owner).delete(`/websites/${site.id}/visitors/${visitor.visitor.id}`)).status).toBe(204);
    await until('the second object gone', async () => (await keys(conversation.id)).length === 0, 10_000, 100);

    // the retention purge removes everything under a conversation, whatever it holds
    const other = await visitorConversation(api, running.url, site, 'deleted later');
    sockets.push(other.socket);
    await upload(other.visitor.visitorToken, other.conversation.id);
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${other.conversation.id}/stray`, Body: 'left over' }),
    );
    expect(await keys(other.conversation.id)).toHaveLength(2);
    await api.as(owner).delete(`/conversations/${other.conversation.id}`).expect(204);
    const pg = new (await import('pg')).Client({ connectionString: running.db.url });
    await pg.connect();
    try {
      await pg.query(`UPDATE conversations SET deleted_at = now() - interval '31 days' WHERE id = $1`, [
        other.conversation.id,
      ]);
    } finally {
      await pg.end();
    }
    expect(await running.app.get(DeletionService).sweep()).toBe(true);
    await until('the purged objects gone', async () => (await keys(other.conversation.id)).length === 0, 10_000, 100);
  });

  it('answers 503 UNAVAILABLE, not 500, when the storage is down', async () => {
    const { visitor, conversation } = await setup();
    const sent = await upload(visitor.visitorToken, conversation.id);
    const link = sent.body.message.attachments[0].url;

    // another instance of the same deployment whose storage does not answer
    const down = await startApp(running.db.url, {
      jwtSecret: running.config.jwtSecret,
      publicUrl: running.config.publicUrl,
      s3: parseS3Url(`s3+http://S3RVER:S3RVER@127.0.0.1:${await deadPort()}/${BUCKET}?forcePathStyle=true`),
    });
    try {
      const read = await download(down, link);
      expectError(read, 503, 'UNAVAILABLE');
      expect(read.headers['retry-after']).toBeDefined();
      const write = await request(down.url)
        .post(`/api/v1/widget/conversations/${conversation.id}/attachments`)
        .set('X-Visitor-Token', visitor.visitorToken)
        .attach('file', PNG, 'c.png');
      expectError(write, 503, 'UNAVAILABLE');
      // nothing was sent: the conversation still has the one file message
      const history = await request(running.url)
        .get(`/api/v1/widget/conversations/${conversation.id}/messages`)
        .set('X-Visitor-Token', visitor.visitorToken);
      expect(history.status).toBe(200);
      expect(history.body.messages.filter((m: { attachments: unknown[] }) => m.attachments.length)).toHaveLength(1);
    } finally {
      await down.close();
    }

    // and the same storage stopped under the running app
    await s3rver.close();
    expectError(await download(running, link), 503, 'UNAVAILABLE');
  });
});
