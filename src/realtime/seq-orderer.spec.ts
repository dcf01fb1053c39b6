import { SeqOrderer } from './seq-orderer';

describe('SeqOrderer', () => {
  let orderer: SeqOrderer;
  let out: number[];
  const push = (seq: number, key = 'c') => orderer.push(key, seq, () => out.push(seq));

  // The clock is jest's, so a wait of 50 ms is exactly that however loaded the machine is.
  beforeEach(() => {
    jest.useFakeTimers();
    orderer = new SeqOrderer(50);
    out = [];
  });
  afterEach(() => {
    orderer.stop();
    jest.useRealTimers();
  });

  it('delivers in order what arrives in order', () => {
    [1, 2, 3].forEach((seq) => push(seq));
    expect(out).toEqual([1, 2, 3]);
  });

  it('holds a message that arrives ahead of a gap until the gap fills', () => {
    push(1);
    push(3);
    push(4);
    expect(out).toEqual([1]);
    push(2);
    expect(out).toEqual([1, 2, 3, 4]);
    expect(orderer.waiting('c')).toBe(0);
  });

  it('keeps conversations apart', () => {
    push(1, 'a');
    push(1, 'b');
    push(3, 'a');
    push(2, 'b');
    expect(out).toEqual([1, 1, 2]);
  });

  it('delivers late and repeated seqs at once, never dropping them', () => {
    push(5);
    push(4);
    push(5);
    expect(out).toEqual([5, 4, 5]);
  });

  it('gives each new gap its full wait, even while earlier gaps keep filling', () => {
    push(1);
    push(3); // gap at 2
    jest.advanceTimersByTime(35);
    push(2); // filled; 3 released
    push(5); // a new gap at 4, opened 35 ms into the first gap's wait
    jest.advanceTimersByTime(30); // 65 ms after the first gap, 30 into the second
    expect(out).toEqual([1, 2, 3]);
    push(4);
    expect(out).toEqual([1, 2, 3, 4, 5]);
  });

  it('orders the first messages of a stream started by an event after seq 0 (a new conversation)', () => {
    orderer.after('c', 0, () => out.push(0));
    push(2);
    push(1);
    expect(out).toEqual([0, 1, 2]);
  });

  it('delivers an event without a seq after the message it follows, before the next one', () => {
    push(1);
    push(3);
    orderer.after('c', 2, () => out.push(2.5));
    expect(out).toEqual([1]);
    push(2);
    expect(out).toEqual([1, 2, 2.5, 3]);
  });

  it('delivers an event after a message already delivered at once', () => {
    push(1);
    push(2);
    orderer.after('c', 1, () => out.push(1.5));
    expect(out).toEqual([1, 2, 1.5]);
  });

  it('delivers what waits on a gap when stopped, in order', () => {
    push(1);
    push(4);
    orderer.after('c', 2, () => out.push(2.5));
    push(3);
    orderer.stop();
    expect(out).toEqual([1, 2.5, 3, 4]);
  });

  it('skips a gap that never fills after the wait', () => {
    push(1);
    push(3);
    push(5);
    jest.advanceTimersByTime(49);
    expect(out).toEqual([1]);
    jest.advanceTimersByTime(1);
    expect(out).toEqual([1, 3]);
    jest.advanceTimersByTime(49);
    expect(out).toEqual([1, 3]);
    jest.advanceTimersByTime(1);
    expect(out).toEqual([1, 3, 5]);
  });
});
