/**
 * What writing a batch costs, learnt from the batches written: a part per batch (the round trip,
 * the plan's start-up, the commit) and a part per request, fitted as a line through recent
 * (size, ms) pairs. Older batches weigh less with every new one (DECAY), so the line follows the
 * database as its load changes.
 */
export class BatchCost {
  /** Weighted sums of the observations: weight, size, ms, size², size × ms. */
  private w = 0;
  private x = 0;
  private y = 0;
  private xx = 0;
  private xy = 0;
  private seen = 0;

  /** What each new batch leaves of the weight of the batches before it. */
  static readonly DECAY = 0.95;
  /** Batches seen before the line is trusted for a prediction. */
  static readonly WARM = 16;

  observe(size: number, ms: number): void {
    if (!(size > 0) || !(ms >= 0) || !Number.isFinite(ms)) return;
    const d = BatchCost.DECAY;
    this.w = this.w * d + 1;
    this.x = this.x * d + size;
    this.y = this.y * d + ms;
    this.xx = this.xx * d + size * size;
    this.xy = this.xy * d + size * ms;
    this.seen += 1;
  }

  /**
   * The time a batch of `size` requests is expected to take (ms), or null when it cannot be told:
   * before WARM batches were seen, and, when no line can be fitted (the recent batches were all
   * about the same size, or time did not grow with size), for a batch larger than the recent ones:
   * an idle server writes batches of one, which say nothing of what a large one costs. A batch no
   * larger than the recent ones is then expected to take what they took on average, which is what
   * a saturated queue needs: there every batch is full, so no line can be fitted, yet the time a
   * full batch takes is well known.
   */
  predict(size: number): number | null {
    if (this.seen < BatchCost.WARM) return null;
    const line = this.line();
    if (line) return line.perBatch + line.perRequest * size;
    return size <= this.x / this.w + 0.5 ? this.y / this.w : null;
  }

  /** Least squares over the weighted pairs; null when the sizes hardly vary or time does not grow with them. */
  private line(): { perBatch: number; perRequest: number } | null {
    const spread = this.w * this.xx - this.x * this.x;
    // Sizes whose standard deviation is under a tenth of a request cannot carry a slope.
    if (spread < 0.01 * this.w * this.w) return null;
    const perRequest = (this.w * this.xy - this.x * this.y) / spread;
    if (!(perRequest > 0)) return null;
    return { perBatch: Math.max(0, (this.y - perRequest * this.x) / this.w), perRequest };
  }
}
