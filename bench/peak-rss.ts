const MiB = 1024 * 1024;

/** Peak RSS of this process while `fn` runs (sampled every 20 ms), MiB, with the RSS before it started. */
export async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMiB: number; baseMiB: number }> {
  global.gc?.();
  const baseMiB = process.memoryUsage().rss / MiB;
  let peak = baseMiB;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / MiB)), 20);
  try {
    const value = await fn();
    return { value, peakMiB: Math.max(peak, process.memoryUsage().rss / MiB), baseMiB };
  } finally {
    clearInterval(timer);
  }
}
