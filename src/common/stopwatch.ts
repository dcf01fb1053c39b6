/** Starts timing now; each call of the returned function gives the whole milliseconds since. */
export function stopwatch(): () => number {
  const started = performance.now();
  return () => Math.round(performance.now() - started);
}
