import request from 'supertest';
import { ClientEvents } from '../../src/realtime/client-events';
import { serverEventDocs } from '../../src/api-docs/asyncapi-document';
import { startTestApp, TestApp } from '../support/test-app';
import { connect } from '../support/sockets';

type Doc = {
  asyncapi: string;
  channels: {
    socket: {
      address: string;
      messages: Record<string, { name: string; payload: { schema: Record<string, unknown> } }>;
    };
  };
  operations: Record<
    string,
    { action: 'send' | 'receive'; messages: { $ref: string }[]; reply?: { messages: { $ref: string }[] } }
  >;
};

describe('GET /api/asyncapi.json', () => {
  let running: TestApp;
  let doc: Doc;

  beforeAll(async () => {
    running = await startTestApp();
    doc = (await request(running.url).get('/api/asyncapi.json').expect(200)).body;
  });
  afterAll(async () => {
    await running.close();
  });

  const eventsOf = (action: 'send' | 'receive') =>
    Object.values(doc.operations)
      .filter((o) => o.action === action)
      .map((o) => doc.channels.socket.messages[o.messages[0].$ref.split('/').pop()!].name)
      .sort();

  it('is AsyncAPI 3 on the Socket.IO path', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.channels.socket.address).toBe('/socket.io/');
  });

  it('lists exactly the client events the server handles, each with its payload and acknowledgement', () => {
    const handled = Object.keys(running.app.get(ClientEvents).table).sort();
    expect(eventsOf('receive')).toEqual(handled);
    for (const operation of Object.values(doc.operations).filter((o) => o.action === 'receive')) {
      const ack = doc.channels.socket.messages[operation.reply!.messages[0].$ref.split('/').pop()!];
      expect(JSON.stringify(ack.payload.schema)).toContain('"ok"');
    }
    const message = Object.values(doc.channels.socket.messages).find((m) => m.name === 'message:new')!;
    expect(message.payload.schema).toMatchObject({
      required: expect.arrayContaining(['conversationId', 'body', 'clientMessageId']),
      properties: { body: { maxLength: 5000 } },
    });
  });

  it('lists every server event of the typed event map', () => {
    expect(eventsOf('send')).toEqual(Object.keys(serverEventDocs).sort());
    expect(eventsOf('send')).toEqual(expect.arrayContaining(['message:new', 'presence', 'conversation:viewers']));
  });

  it('describes an acknowledgement the server really sends', async () => {
    const agent = await running.api.signup('Docs');
    const socket = await connect(running.url, { token: agent.accessToken });
    try {
      const ack = await socket.emit('presence:set', { status: 'away' });
      expect(ack).toEqual({ ok: true, status: 'away' });
      const failed = await socket.emit('presence:set', { status: 'gone' });
      expect(failed).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.any(String) } });
    } finally {
      socket.close();
    }
  });
});
