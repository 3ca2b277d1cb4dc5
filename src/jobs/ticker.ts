// Background rounds on a serving node: the market fetcher, tariff notices. Each round does its
// own claiming in the database, so every node may run the same ticker.

/**
 * Runs `run` now and then every `everyMs`, never two rounds at once on this node; hands each
 * result to `onResult` and each failure's message to `onError`. Returns the function that stops
 * the ticker and waits for a running round.
 */
export function startTicker<T>(
  run: () => Promise<T>,
  everyMs: number,
  onResult: (result: T) => void,
  onError: (message: string) => void,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = run()
      .then(onResult)
      .catch((error: unknown) => onError(error instanceof Error ? error.message : String(error)))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
