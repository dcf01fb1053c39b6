import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '../common/domain-error';
import type { ClientEvents } from './client-events';
import { EventRouter } from './event-router';
import { SocketRateLimit } from './socket-rate-limit';
import { RateBucket } from '../redis/rate-bucket';
import type { AppConfig } from '../config/app-config';
import type { ZendoSocket } from './socket-types';

/** The part of a Socket.IO socket the router uses: onAny, emit and data. */
function fakeSocket() {
  let listener: ((...args: unknown[]) => void) | null = null;
  const emitted: [string, unknown][] = [];
  const socket = {
    data: { actor: { type: 'visitor', id: 'v1', websiteId: 'w1' }, rate: { windowStart: Date.now(), count: 0 } },
    onAny(fn: (...args: unknown[]) => void) {
      listener = fn;
    },
    emit(event: string, payload: unknown) {
      emitted.push([event, payload]);
    },
  };
  return {
    socket: socket as unknown as ZendoSocket,
    emitted,
    /** A client sends `event`; resolves with the acknowledgement. */
    send(event: string, payload?: unknown): Promise<unknown> {
      return new Promise((resolve) =>
        listener!.call(socket, event, ...(payload === undefined ? [] : [payload]), resolve),
      );
    },
    /** A client sends `event` without an acknowledgement callback. */
    fire(event: string, payload: unknown) {
      listener!.call(socket, event, payload);
    },
  };
}

const table = {
  echo: {
    input: z.strictObject({ text: z.string().trim().min(1) }),
    cost: 1,
    handle: (_s: ZendoSocket, dto: { text: string }) => ({ echoed: dto.text }),
  },
  later: { input: z.strictObject({}), cost: 1, handle: async () => ({ done: true }) },
  refuse: {
    input: z.strictObject({}),
    cost: 1,
    handle: async () => {
      throw new DomainError('FORBIDDEN', 'not you', 403);
    },
  },
  crash: {
    input: z.strictObject({}),
    cost: 1,
    handle: () => {
      throw new Error('a bug');
    },
  },
  heavy: { input: z.strictObject({}), cost: 15, handle: () => ({}) },
  paced: { input: z.strictObject({}), cost: 0, paced: true, handle: () => ({}) },
};

describe('EventRouter', () => {
  let router: EventRouter;
  const outcomes: string[] = [];

  beforeEach(() => {
    router = new EventRouter({ table } as unknown as ClientEvents, new SocketRateLimit(), new RateBucket(null), {
      limits: { visitorMessagesPerSecond: 10, visitorMessageBurst: 3 },
    } as AppConfig);
    outcomes.length = 0;
    router.observe((event, outcome) => outcomes.push(`${event}:${outcome}`));
  });

  it('parses the payload with the event’s schema and acknowledges what the handler returns', async () => {
    const { socket, send } = fakeSocket();
    router.attach(socket);
    expect(await send('echo', { text: '  hi ' })).toEqual({ ok: true, echoed: 'hi' });
    expect(await send('later', {})).toEqual({ ok: true, done: true });
    expect(outcomes).toEqual(['echo:ok', 'later:ok']);
  });

  it('refuses a bad payload with VALIDATION_FAILED and its details, without calling the handler', async () => {
    const { socket, send } = fakeSocket();
    router.attach(socket);
    expect(await send('echo', { text: '', extra: 1 })).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        details: [
          { field: 'text', message: 'text must not be empty' },
          { field: 'extra', message: 'property extra should not exist' },
        ],
      },
    });
    expect(await send('echo')).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('answers domain errors as they are and anything else as INTERNAL', async () => {
    const { socket, send } = fakeSocket();
    router.attach(socket);
    expect(await send('refuse', {})).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'not you' } });
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      expect(await send('crash', {})).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong on our side' },
      });
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ event: 'crash', requestId: expect.any(String), err: new Error('a bug') }),
      );
    } finally {
      logged.mockRestore();
    }
    expect(outcomes).toEqual(['refuse:FORBIDDEN', 'crash:INTERNAL']);
  });

  it('answers an event it does not know UNKNOWN_EVENT', async () => {
    const { socket, send } = fakeSocket();
    router.attach(socket);
    expect(await send('nope', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
  });

  it('counts each event’s cost against the socket’s limit', async () => {
    const { socket, send } = fakeSocket();
    router.attach(socket);
    expect(await send('heavy', {})).toEqual({ ok: true });
    expect(await send('heavy', {})).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('counts a visitor’s paced events against their own bucket, answering RATE_LIMITED with retryAfter', async () => {
    const { socket, send } = fakeSocket();
    router.attach(socket);
    const acks = [];
    for (let i = 0; i < 5; i++) acks.push(await send('paced', {}));
    expect(acks.filter((a) => (a as { ok: boolean }).ok)).toHaveLength(3);
    expect(acks[4]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfter: 1 } });
  });

  it('sends a failure as an error event when the client gave no acknowledgement', () => {
    const { socket, fire, emitted } = fakeSocket();
    router.attach(socket);
    fire('echo', { text: 5 });
    expect(emitted).toEqual([
      ['error', expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) })],
    ]);
  });

  it('uses one listener for every socket', () => {
    const listeners = new Set<unknown>();
    for (let i = 0; i < 3; i++) {
      const socket = { onAny: (fn: unknown) => listeners.add(fn) } as unknown as ZendoSocket;
      router.attach(socket);
    }
    expect(listeners.size).toBe(1);
  });
});
