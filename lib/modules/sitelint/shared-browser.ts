import type { Browser } from "playwright-core";
import { launchBrowser } from "@/lib/browser/chromium";

/** How long an unused shared browser stays up, ms. Long enough to span the gap between two crawl batches. */
export const SHARED_BROWSER_IDLE_MS = 30_000;

/** One launched browser and the number of callers currently using it. */
type Generation = { browser: Promise<Browser>; users: number; idleTimer?: NodeJS.Timeout };

let current: Generation | undefined;

function retire(gen: Generation): void {
  if (current === gen) current = undefined;
  if (gen.idleTimer) clearTimeout(gen.idleTimer);
}

function startGeneration(): Generation {
  const gen: Generation = { browser: launchBrowser(), users: 0 };
  gen.browser.then(
    // A crashed or killed browser is dropped so the next caller relaunches instead of failing forever.
    (b) => b.on("disconnected", () => retire(gen)),
    () => retire(gen),
  );
  return gen;
}

function release(gen: Generation, idleMs: number): void {
  gen.users -= 1;
  if (gen.users > 0 || current !== gen) return;
  gen.idleTimer = setTimeout(() => {
    retire(gen);
    void gen.browser.then((b) => b.close()).catch(() => undefined);
  }, idleMs);
  // The idle timer alone must not keep a CLI or test process alive.
  gen.idleTimer.unref();
}

/**
 * Run `fn` with the process-wide shared Chromium: one browser serves all concurrent page audits (each audit opens its
 * own context), a disconnected/crashed browser is relaunched on the next call, and the browser is closed after
 * `idleMs` (default {@link SHARED_BROWSER_IDLE_MS}) without users so finished jobs do not leave Chromium processes
 * behind; the last caller to finish sets the delay.
 * @throws AppError `UNAVAILABLE` when Chromium cannot be launched; whatever `fn` throws.
 */
export async function withSharedBrowser<T>(fn: (browser: Browser) => Promise<T>, { idleMs = SHARED_BROWSER_IDLE_MS }: { idleMs?: number } = {}): Promise<T> {
  let gen = current;
  if (!gen) {
    gen = startGeneration();
    current = gen;
  }
  if (gen.idleTimer) clearTimeout(gen.idleTimer);
  gen.idleTimer = undefined;
  gen.users += 1;
  try {
    let browser = await gen.browser;
    if (!browser.isConnected()) {
      // Disconnected between the event and now: start over once with a fresh generation.
      release(gen, idleMs);
      retire(gen);
      gen = startGeneration();
      current = gen;
      gen.users += 1;
      browser = await gen.browser;
    }
    return await fn(browser);
  } finally {
    release(gen, idleMs);
  }
}

/** Close the shared browser now (graceful shutdown, tests). Callers still inside `withSharedBrowser` lose it. */
export async function closeSharedBrowser(): Promise<void> {
  const gen = current;
  if (!gen) return;
  retire(gen);
  await gen.browser.then((b) => b.close()).catch(() => undefined);
}
