/** The `p`-th percentile (nearest rank) of `values`; NaN when there are none. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Times an action; a failure is recorded, not thrown, so one contender's errors cannot stop the run. */
export const timed = async (action: () => Promise<unknown>): Promise<{ ms: number; error?: unknown }> => {
  const started = performance.now();
  try {
    await action();
    return { ms: performance.now() - started };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
};
