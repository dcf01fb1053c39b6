import { HandshakeGate } from './handshake-gate';

const tick = () => new Promise((r) => setImmediate(r));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('HandshakeGate', () => {
  const refuse = () => new Error('BUSY');

  it('runs at most `concurrency` at once, the rest in arrival order', async () => {
    const gate = new HandshakeGate({ concurrency: 2, queueMax: 10, maxWaitMs: 10_000, refuse });
    const started: number[] = [];
    const work = Array.from({ length: 5 }, () => deferred());
    const done = work.map((w, i) => gate.run(async () => (started.push(i), await w.promise, i)));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.depth).toBe(3);
    work[1].resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    work.forEach((w) => w.resolve());
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4]);
    expect(gate.depth).toBe(0);
  });

  it('refuses at once past the queue bound, and what waited too long, without running it', async () => {
    jest.useFakeTimers();
    try {
      const gate = new HandshakeGate({ concurrency: 1, queueMax: 2, maxWaitMs: 100, refuse });
      const hold = deferred();
      const ran: number[] = [];
      const first = gate.run(() => hold.promise);
      const waiting = [gate.run(async () => ran.push(1)), gate.run(async () => ran.push(2))];
      await expect(gate.run(async () => ran.push(3))).rejects.toThrow('BUSY');
      jest.advanceTimersByTime(150);
      await expect(waiting[0]).rejects.toThrow('BUSY');
      await expect(waiting[1]).rejects.toThrow('BUSY');
      hold.resolve();
      await first;
      expect(ran).toEqual([]);
      expect(gate.depth).toBe(0);
      await expect(gate.run(async () => 'free again')).resolves.toBe('free again');
    } finally {
      jest.useRealTimers();
    }
  });

  it('frees its place when the work fails', async () => {
    const gate = new HandshakeGate({ concurrency: 1, queueMax: 5, maxWaitMs: 10_000, refuse });
    const failing = gate.run(async () => {
      throw new Error('database gone');
    });
    const next = gate.run(async () => 'ran');
    await expect(failing).rejects.toThrow('database gone');
    await expect(next).resolves.toBe('ran');
  });
});
