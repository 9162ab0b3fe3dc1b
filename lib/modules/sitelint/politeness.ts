/** Longest `Retry-After` SiteLint waits before its one retry (ms); a longer ask is recorded as blocked at once. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Parse a `Retry-After` value (RFC 9110 §10.2.3): either delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`, IMF-fixdate or the obsolete forms `Date.parse` reads).
 *
 * @param value the header value, or null/undefined when absent.
 * @param now the time the response was received, ms since the epoch (default `Date.now()`).
 * @returns the delay in ms (0 for a date in the past), or `undefined` when absent or unparsable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Math.min(Number(v), 1e9) * 1000;
  // Only a date-looking value: `Date.parse("5 s")` and friends answer odd dates on some engines.
  if (!/[a-z]{3}/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A per-host gate for outbound requests (`host` = host:port of the URL): at most `maxConcurrent` tasks in flight per
 * host, consecutive task *starts* to one host at least `delayMs` apart, and {@link HostGate.pause} holding new
 * starts back (a server's `Retry-After`). Starts are FIFO per host. In memory only: politeness is timing, not state a
 * resumed job must replay.
 */
export type HostGate = {
  /** Run `fn` once the gate of `url`'s host lets it start; the slot is freed when `fn` settles. */
  run<T>(url: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Like {@link HostGate.run}, but the `delayMs` spacing (and any pause) applies when `fn` calls `ready()`, just before
   * its request leaves, instead of at its start: setup before the request (opening a browser context, say) then cannot
   * shorten the gap the server sees. The concurrency slot is still taken at the start. Calls to `ready()` are served
   * FIFO per host; a `fn` that never calls it sent nothing and spaces nothing.
   */
  runPaced<T>(url: string, fn: (ready: () => Promise<void>) => Promise<T>): Promise<T>;
  /** No new start to `url`'s host before `ms` from now (never shortens an earlier pause). */
  pause(url: string, ms: number): void;
};

type HostState = { active: number; nextStartAt: number; chain: Promise<void>; paceChain: Promise<void>; freed: (() => void)[] };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * Build a {@link HostGate}. Hand-rolled (≈40 lines) because neither p-limit nor bottleneck is a dependency, and a
 * host-wide pause for `Retry-After` is needed besides concurrency and spacing.
 * @param maxConcurrent tasks in flight per host, ≥ 1. @param delayMs minimum gap between starts to one host, ms.
 */
export function createHostGate({ maxConcurrent, delayMs = 0 }: { maxConcurrent: number; delayMs?: number }): HostGate {
  const hosts = new Map<string, HostState>();
  const limit = Math.max(1, Math.floor(maxConcurrent));
  const stateOf = (url: string) => {
    const host = hostOf(url);
    let s = hosts.get(host);
    if (!s) hosts.set(host, (s = { active: 0, nextStartAt: 0, chain: Promise.resolve(), paceChain: Promise.resolve(), freed: [] }));
    return s;
  };
  const spaced = async (s: HostState) => {
    for (let wait = s.nextStartAt - Date.now(); wait > 0; wait = s.nextStartAt - Date.now()) await sleep(wait);
    s.nextStartAt = Date.now() + delayMs;
  };
  const admit = async <T>(s: HostState, pacedStart: boolean, fn: () => Promise<T>): Promise<T> => {
    // One admission at a time per host keeps starts FIFO (and spaced, unless paced later); the task runs outside the chain.
    const admitted = s.chain.then(async () => {
      while (s.active >= limit) await new Promise<void>((r) => s.freed.push(r));
      if (pacedStart) await spaced(s);
      s.active++;
    });
    s.chain = admitted;
    await admitted;
    try {
      return await fn();
    } finally {
      s.active--;
      s.freed.shift()?.();
    }
  };
  return {
    run: (url, fn) => admit(stateOf(url), true, fn),
    runPaced(url, fn) {
      const s = stateOf(url);
      const ready = () => (s.paceChain = s.paceChain.then(() => spaced(s)));
      return admit(s, false, () => fn(ready));
    },
    pause(url, ms) {
      const s = stateOf(url);
      s.nextStartAt = Math.max(s.nextStartAt, Date.now() + Math.max(0, ms));
    },
  };
}
