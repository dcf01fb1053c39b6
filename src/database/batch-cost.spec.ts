import { BatchCost } from './batch-cost';

describe('BatchCost', () => {
  const fed = (pairs: [number, number][]) => {
    const cost = new BatchCost();
    for (const [size, ms] of pairs) cost.observe(size, ms);
    return cost;
  };
  const line = (from: number, to: number, perBatch: number, perRequest: number): [number, number][] =>
    Array.from({ length: to - from + 1 }, (_, i) => [from + i, perBatch + perRequest * (from + i)]);

  it('fits a part per batch and a part per request from batches of several sizes', () => {
    const cost = fed(line(1, 40, 3, 0.5));
    expect(cost.predict(1)).toBeCloseTo(3.5, 6);
    expect(cost.predict(500)).toBeCloseTo(253, 6);
  });

  it('tells nothing before it has seen enough batches', () => {
    expect(fed(line(1, BatchCost.WARM - 1, 3, 0.5)).predict(10)).toBeNull();
    expect(fed(line(1, BatchCost.WARM, 3, 0.5)).predict(10)).toBeCloseTo(8, 6);
  });

  it('tells nothing of a larger batch from batches all of one size (an idle server), or from time that does not grow with size', () => {
    expect(fed(Array.from({ length: 50 }, () => [1, 0.9] as [number, number])).predict(100)).toBeNull();
    expect(fed(line(1, 40, 0, 0).map(([size]) => [size, 40 - size])).predict(30)).toBeNull();
  });

  it('expects a batch no larger than the recent ones to take what they took on average (a saturated queue)', () => {
    const full = fed([...line(1, 40, 3, 0.5), ...Array.from({ length: 400 }, () => [500, 130] as [number, number])]);
    expect(full.predict(500)).toBeCloseTo(130, 3);
    expect(full.predict(20)).toBeCloseTo(130, 3);
    expect(full.predict(501)).toBeNull();
    expect(fed(Array.from({ length: 50 }, () => [1, 0.9] as [number, number])).predict(1)).toBeCloseTo(0.9, 6);
    const flat = fed(line(1, 40, 0, 0).map(([size]) => [size, 40 - size]));
    expect(flat.predict(10)).toBeGreaterThan(0);
  });

  it('follows the database as it slows down: recent batches count most', () => {
    const cost = fed([...line(1, 40, 1, 0.1), ...line(1, 40, 1, 0.1), ...line(1, 100, 2, 1)]);
    expect(cost.predict(100)).toBeGreaterThan(90);
    expect(cost.predict(100)).toBeLessThan(110);
  });

  it('ignores what is not a measurement', () => {
    const cost = fed(line(1, 40, 3, 0.5));
    for (const [size, ms] of [
      [0, 5],
      [10, Number.NaN],
      [10, -1],
      [10, Number.POSITIVE_INFINITY],
    ])
      cost.observe(size, ms);
    expect(cost.predict(500)).toBeCloseTo(253, 6);
  });
});
