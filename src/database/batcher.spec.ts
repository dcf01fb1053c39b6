import { Batcher, Outcome } from './batcher';

/** A stand-in for the database: records each batch and answers each request with its value doubled. */
function recorder(fail: (batch: number[]) => unknown = () => null) {
  const batches: number[][] = [];
  const log: string[] = [];
  let release: (() => void) | null = null;
  let holding = false;
  const write = async (batch: number[]): Promise<Outcome<number>[]> => {
    batches.push(batch);
    log.push(`write ${batch.join(',')}`);
    if (holding) await new Promise<void>((resolve) => (release = resolve));
    const error = fail(batch);
    if (error) throw error;
    return batch.map((n) => (n < 0 ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true, value: n * 2 }));
  };
  return {
    batches,
    log,
    write,
    hold: () => (holding = true),
    release: () => {
      holding = false;
      release?.();
    },
  };
}

const dataError = Object.assign(new Error('bad row'), { code: '22P05' });
const isolate = (error: unknown) => (error as { code?: string }).code === '22P05';

describe('Batcher', () => {
  it('writes what arrives in one turn as one batch, in arrival order, and answers each', async () => {
    const db = recorder();
    const batcher = new Batcher(db.write, { maxBatch: 100, isolate });
    const answers = await Promise.all([1, 2, 3, 4].map((n) => batcher.submit(n)));
    expect(db.batches).toEqual([[1, 2, 3, 4]]);
    expect(answers).toEqual([2, 4, 6, 8]);
  });

  it('writes one batch at a time; what arrives meanwhile goes in the next one', async () => {
    const db = recorder();
    const batcher = new Batcher(db.write, { maxBatch: 100, isolate });
    db.hold();
    const first = batcher.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3].map((n) => batcher.submit(n));
    await new Promise((r) => setTimeout(r, 10));
    expect(db.batches).toEqual([[1]]);
    db.release();
    await Promise.all([first, ...later]);
    expect(db.batches).toEqual([[1], [2, 3]]);
  });

  it('sends the next batch before the callers of the previous one hear back', async () => {
    const db = recorder();
    const batcher = new Batcher(db.write, { maxBatch: 100, isolate });
    db.hold();
    const first = batcher.submit(1).then(() => db.log.push('answered 1'));
    await new Promise((r) => setImmediate(r));
    const second = batcher.submit(2);
    db.release();
    await Promise.all([first, second]);
    expect(db.log).toEqual(['write 1', 'write 2', 'answered 1']);
  });

  it('keeps batches to maxBatch', async () => {
    const db = recorder();
    const batcher = new Batcher(db.write, { maxBatch: 3, isolate });
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => batcher.submit(n)));
    expect(db.batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('fails only the request a batch refuses for, finding it by halves', async () => {
    const db = recorder((batch) => (batch.includes(13) ? dataError : null));
    const batcher = new Batcher(db.write, { maxBatch: 100, isolate });
    const settled = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => batcher.submit(i + 1)));
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([{ status: 'rejected', reason: dataError }]);
    expect(settled[12].status).toBe('rejected');
    expect(settled[0]).toEqual({ status: 'fulfilled', value: 2 });
    // 1 + 2 per level of halving (16 → 8 → 4 → 2 → 1): far fewer writes than one per request
    expect(db.batches.length).toBe(9);
  });

  it('fails the whole batch at once when the failure is not one a request causes', async () => {
    const lost = new Error('connection lost');
    const db = recorder(() => lost);
    const batcher = new Batcher(db.write, { maxBatch: 100, isolate });
    const settled = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit(n)));
    expect(settled.every((s) => s.status === 'rejected' && s.reason === lost)).toBe(true);
    expect(db.batches).toEqual([[1, 2, 3]]);
  });

  it('passes on a refusal the write answers for one request', async () => {
    const db = recorder();
    const batcher = new Batcher(db.write, { maxBatch: 100, isolate });
    const settled = await Promise.allSettled([1, -1, 2].map((n) => batcher.submit(n)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.batches).toEqual([[1, -1, 2]]);
  });

  it('drains: resolves true once every queued request is written', async () => {
    const db = recorder();
    const batcher = new Batcher(db.write, { maxBatch: 2, isolate });
    const pending = [1, 2, 3, 4, 5].map((n) => batcher.submit(n));
    expect(batcher.depth).toBe(5);
    expect(await batcher.drain(1000)).toBe(true);
    expect(batcher.depth).toBe(0);
    expect(await Promise.all(pending)).toEqual([2, 4, 6, 8, 10]);
  });

  it('drains: resolves false when a write does not finish in time', async () => {
    const db = recorder();
    const batcher = new Batcher(db.write, { maxBatch: 2, isolate });
    db.hold();
    const pending = batcher.submit(1);
    expect(await batcher.drain(30)).toBe(false);
    db.release();
    await pending;
  });

  describe('bounded', () => {
    const busy = new Error('BUSY');
    const bounded = (db: ReturnType<typeof recorder>, maxDepth: number, maxWaitMs: number) =>
      new Batcher(db.write, { maxBatch: 100, isolate, maxDepth, maxWaitMs, refuse: () => busy });

    it('refuses at once past maxDepth waiting requests, and writes only the accepted ones', async () => {
      const db = recorder();
      const batcher = bounded(db, 3, 10_000);
      db.hold();
      const inFlight = batcher.submit(1);
      await new Promise((r) => setImmediate(r));
      const settled = Promise.allSettled([2, 3, 4, 5, 6].map((n) => batcher.submit(n)));
      // 1 is being written (not counted); 2, 3, 4 wait; 5 and 6 are refused without waiting
      expect(batcher.depth).toBe(3);
      db.release();
      expect((await settled).map((s) => (s.status === 'fulfilled' ? s.value : 'busy'))).toEqual([
        4,
        6,
        8,
        'busy',
        'busy',
      ]);
      expect(await inFlight).toBe(2);
      expect(db.batches).toEqual([[1], [2, 3, 4]]);
    });

    it('refuses what waited longer than maxWaitMs when it is due, and never writes it', async () => {
      const db = recorder();
      const batcher = bounded(db, 100, 40);
      db.hold();
      const inFlight = batcher.submit(1);
      await new Promise((r) => setImmediate(r));
      const started = performance.now();
      const late = batcher.submit(2).catch((error: unknown) => ({ error, after: performance.now() - started }));
      const refused = (await late) as { error: unknown; after: number };
      expect(refused.error).toBe(busy);
      // answered when due, while the write it waited behind still hangs
      expect(refused.after).toBeLessThan(500);
      expect(batcher.depth).toBe(0);
      const fresh = batcher.submit(3);
      db.release();
      // the request in flight when the wait ran out counts as stored and is answered
      expect(await inFlight).toBe(2);
      expect(await fresh).toBe(6);
      expect(db.batches).toEqual([[1], [3]]);
    });

    it('keeps taking batches in linear time: 20,000 queued requests in batches of 100', async () => {
      const db = recorder();
      const batcher = new Batcher(db.write, { maxBatch: 100, isolate, maxDepth: 50_000, maxWaitMs: 60_000 });
      const started = performance.now();
      await Promise.all(Array.from({ length: 20_000 }, (_, i) => batcher.submit(i)));
      expect(db.batches).toHaveLength(200);
      expect(performance.now() - started).toBeLessThan(5000);
    });

    describe('maxPredictedMs', () => {
      /** A database whose batch takes 2 ms plus 1 ms per request, and can be held. */
      const timed = () => {
        const db = recorder();
        const write = async (batch: number[]) => {
          await new Promise((r) => setTimeout(r, 2 + batch.length));
          return db.write(batch);
        };
        return { db, write };
      };
      /** Batches of 1 to 16 requests, twice, one after another, so the estimate has sizes to learn from. */
      const warm = async (batcher: Batcher<number, number>) => {
        for (let size = 1; size <= 32; size++) {
          await Promise.all(Array.from({ length: ((size - 1) % 16) + 1 }, () => batcher.submit(0)));
        }
      };

      it('refuses at once what it expects to take longer, keeping the ones that fit in arrival order', async () => {
        const { db, write } = timed();
        const batcher = new Batcher(write, { maxBatch: 500, isolate, maxPredictedMs: 30, refuse: () => busy });
        await warm(batcher);
        db.batches.length = 0;
        db.hold();
        const inFlight = batcher.submit(1);
        // past the time the write in flight was expected to take: what is left of it counts as none
        await new Promise((r) => setTimeout(r, 15));
        const offered = Array.from({ length: 60 }, (_, i) => i + 2);
        const answers = offered.map((n) =>
          batcher.submit(n).then(
            () => n,
            () => 'busy' as const,
          ),
        );
        // refused without waiting for the write it would queue behind
        const refused = offered.length - batcher.depth;
        db.release();
        const settled = await Promise.all(answers);
        await inFlight;
        const accepted = settled.filter((a) => a !== 'busy');
        // ~27 fit: 2 ms + 1 ms each ≤ 30 ms
        expect(accepted.length).toBeGreaterThanOrEqual(12);
        expect(accepted.length).toBeLessThanOrEqual(40);
        expect(refused).toBe(offered.length - accepted.length);
        expect(accepted).toEqual(offered.slice(0, accepted.length));
        expect(db.batches.flat()).toEqual([1, ...accepted]);
      });

      it('refuses nothing while fewer than 16 wait, however slow the estimate, so the estimate keeps learning', async () => {
        const { db, write } = timed();
        const batcher = new Batcher(write, { maxBatch: 500, isolate, maxPredictedMs: 1, refuse: () => busy });
        await warm(batcher);
        db.batches.length = 0;
        expect(await batcher.submit(7)).toBe(14);
        const burst = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => batcher.submit(i)));
        expect(burst.map((s) => s.status)).toEqual([
          ...Array<string>(16).fill('fulfilled'),
          ...Array<string>(4).fill('rejected'),
        ]);
        expect(db.batches.map((b) => b.length)).toEqual([1, 16]);
      });

      describe('only in overload (standingMs)', () => {
        const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
        /** Batches of 1 to 8 requests, four times over, for a batcher of maxBatch 8. */
        const warmSmall = async (batcher: Batcher<number, number>) => {
          for (let size = 1; size <= 32; size++) {
            await Promise.all(Array.from({ length: ((size - 1) % 8) + 1 }, () => batcher.submit(0)));
          }
        };

        it('refuses nothing on the estimate for a burst one batch takes, however slow the estimate', async () => {
          const { db, write } = timed();
          const batcher = new Batcher(write, {
            maxBatch: 500,
            isolate,
            maxPredictedMs: 1,
            standingMs: 100,
            refuse: () => busy,
          });
          await warm(batcher);
          db.batches.length = 0;
          const burst = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => batcher.submit(i)));
          expect(burst.every((s) => s.status === 'fulfilled')).toBe(true);
          expect(db.batches.map((b) => b.length)).toEqual([60]);
        });

        it('starts refusing once batches have left requests behind for standingMs, and not before', async () => {
          const { db, write } = timed();
          const batcher = new Batcher(write, {
            maxBatch: 8,
            isolate,
            maxPredictedMs: 30,
            standingMs: 100,
            refuse: () => busy,
          });
          await warmSmall(batcher);
          db.batches.length = 0;
          // 2 requests a millisecond or so against batches of 8 every ~10 ms: far more than is written
          const started = performance.now();
          const answers: Promise<{ at: number; ok: boolean }>[] = [];
          const depths: { at: number; depth: number }[] = [];
          while (performance.now() - started < 500) {
            depths.push({ at: performance.now() - started, depth: batcher.depth });
            for (let i = 0; i < 2; i++) {
              const at = performance.now() - started;
              answers.push(
                batcher.submit(i).then(
                  () => ({ at, ok: true }),
                  () => ({ at, ok: false }),
                ),
              );
            }
            await sleep(1);
          }
          const settled = await Promise.all(answers);
          const firstRefused = settled.find((a) => !a.ok)!.at;
          expect(firstRefused).toBeGreaterThanOrEqual(95);
          expect(firstRefused).toBeLessThan(300);
          expect(settled.filter((a) => a.at < firstRefused).every((a) => a.ok)).toBe(true);
          // once what queued before is written, what is accepted is what fits the bound (~3 batches of
          // 10 ms): some, not all, and the queue stays that short
          const late = settled.filter((a) => a.at >= firstRefused + 150);
          expect(late.some((a) => a.ok)).toBe(true);
          expect(late.some((a) => !a.ok)).toBe(true);
          const lateDepth = Math.max(...depths.filter((d) => d.at >= firstRefused + 150).map((d) => d.depth));
          expect(lateDepth).toBeLessThanOrEqual(40);
        });

        it('keeps refusing in a queue saturated so long that every recent batch was full', async () => {
          const { db, write } = timed();
          const batcher = new Batcher(write, {
            maxBatch: 8,
            isolate,
            maxPredictedMs: 30,
            standingMs: 50,
            refuse: () => busy,
          });
          await warmSmall(batcher);
          db.batches.length = 0;
          // 160 full batches one after another: the small ones learnt from weigh next to nothing
          const flood = Promise.allSettled(Array.from({ length: 1280 }, (_, i) => batcher.submit(i)));
          while (db.batches.length < 150) await sleep(20);
          const late = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => batcher.submit(i)));
          expect(late.every((s) => s.status === 'rejected')).toBe(true);
          expect((await flood).every((s) => s.status === 'fulfilled')).toBe(true);
          expect(db.batches.every((b) => b.length === 8)).toBe(true);
        });

        it('holds overload for a second after its last refusal, then absorbs a burst again', async () => {
          const { write } = timed();
          const batcher = new Batcher(write, {
            maxBatch: 8,
            isolate,
            maxPredictedMs: 30,
            standingMs: 50,
            refuse: () => busy,
          });
          await warmSmall(batcher);
          // a standing queue: 200 requests at once are 25 full batches, one after another
          const flood = Promise.allSettled(Array.from({ length: 200 }, (_, i) => batcher.submit(i)));
          await sleep(80);
          const refused = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => batcher.submit(i)));
          expect(refused.every((s) => s.status === 'rejected')).toBe(true);
          expect((await flood).every((s) => s.status === 'fulfilled')).toBe(true);
          // the queue is gone, but overload holds: a burst is refused in part
          const burst = () => Promise.allSettled(Array.from({ length: 60 }, (_, i) => batcher.submit(i)));
          const held = await burst();
          expect(held.some((s) => s.status === 'rejected')).toBe(true);
          expect(held.some((s) => s.status === 'fulfilled')).toBe(true);
          await sleep(1100);
          const after = await burst();
          expect(after.every((s) => s.status === 'fulfilled')).toBe(true);
        });
      });

      it('refuses nothing until it has an estimate', async () => {
        const db = recorder();
        const batcher = new Batcher(db.write, { maxBatch: 500, isolate, maxPredictedMs: 1, refuse: () => busy });
        db.hold();
        const first = batcher.submit(0);
        await new Promise((r) => setImmediate(r));
        const queued = Promise.all(Array.from({ length: 99 }, (_, i) => batcher.submit(i + 1)));
        db.release();
        await first;
        expect(await queued).toHaveLength(99);
        expect(db.batches.map((b) => b.length)).toEqual([1, 99]);
      });
    });
  });
});
