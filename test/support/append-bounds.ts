import { AppConfig } from '../../src/config/app-config';

/**
 * Append bounds for specs about correctness under concurrency, not overload: bounds no machine's
 * speed reaches, so a slow runner cannot turn a queued append into a BUSY refusal. The real bounds
 * have their own specs (batcher.spec, overload e2e).
 */
export function roomyAppends(
  appendLanes = 1,
): Pick<
  AppConfig,
  'appendQueueMax' | 'appendMaxWaitMs' | 'appendMaxPredictedMs' | 'appendOverloadAfterMs' | 'appendLanes'
> {
  return {
    appendQueueMax: 100_000,
    appendMaxWaitMs: 600_000,
    appendMaxPredictedMs: 0,
    appendOverloadAfterMs: 0,
    appendLanes,
  };
}
