import type { AxeResults, FrameContext, PartialResult, RunOptions } from "axe-core";
import type { Browser, Frame, Page } from "playwright-core";

/** How long injecting axe into one child frame may take, ms, before that frame counts as untestable. */
export const FRAME_INJECT_TIMEOUT_MS = 2_000;

/** Longest one finishing step may take, ms; past it the finisher page is closed (and reopened for the next report). */
export const FINISH_TIMEOUT_MS = 30_000;

/** Largest string handed to one `evaluate` call while moving partial results into the finisher page, characters. */
const CHUNK_CHARS = 8_000_000;

/** One finisher page per browser (see {@link finishInIsolation}), and the queue that serialises its use. */
type Finisher = { page: Promise<Page>; queue: Promise<unknown> };
const finishers = new WeakMap<Browser, Finisher>();

/** Settle within `ms` or reject with a timeout (the evaluation itself is left to the page's lifetime). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * axe-core's frame-by-frame protocol on one frame and, recursively, its child frames (axe-core API docs: "runPartial"
 * / "finishRun"; `axe.utils.getFrameContexts` names each child frame and the part of the context inside it).
 * @returns the partial results in the order `axe.finishRun` expects: this frame's, then each child frame's subtree
 *   depth-first, `null` for a child frame that could not be tested (axe then reports it, e.g. `frame-tested`).
 * @throws for the top frame only (injection or `runPartial` failing there); child frames never throw.
 */
async function partialsOf(frame: Frame, context: unknown, options: RunOptions, axeSource: string, top: boolean): Promise<(PartialResult | null)[]> {
  await (top ? frame.evaluate(axeSource) : within(frame.evaluate(axeSource), FRAME_INJECT_TIMEOUT_MS, "Injecting axe into a frame"));
  const frameContexts = await frame.evaluate((ctx) => (window as unknown as { axe: typeof import("axe-core") }).axe.utils.getFrameContexts(ctx as never), context);
  // Started before the child frames are visited, as @axe-core/playwright does: the frame runs while we descend.
  const own = frame.evaluate(
    ({ ctx, opts }) => (window as unknown as { axe: typeof import("axe-core") }).axe.runPartial(ctx as never, opts),
    { ctx: context, opts: options as never },
  );
  own.catch(() => undefined);
  const children: (PartialResult | null)[][] = [];
  for (const { frameSelector, frameContext } of frameContexts as FrameContext[]) {
    children.push(await childPartials(frame, frameSelector, frameContext, options, axeSource));
  }
  return [await own, ...children.flat(1)];
}

/** A child frame's partial results, or `[null]` when it cannot be reached, injected or run (cross-origin, sandboxed…). */
async function childPartials(parent: Frame, frameSelector: unknown, frameContext: unknown, options: RunOptions, axeSource: string): Promise<(PartialResult | null)[]> {
  try {
    const handle = await parent.evaluateHandle((sel) => (window as unknown as { axe: typeof import("axe-core") }).axe.utils.shadowSelect(sel as never), frameSelector);
    const child = await handle.asElement()?.contentFrame();
    await handle.dispose();
    if (!child) return [null];
    return await partialsOf(child, frameContext, options, axeSource, false);
  } catch {
    return [null];
  }
}

/**
 * Run axe-core on a loaded page the way `@axe-core/playwright`'s `AxeBuilder.analyze()` does — axe injected into the
 * page and into every reachable child frame (same- and cross-origin), `axe.runPartial` in each, `axe.finishRun` on the
 * combined partial results outside the audited page — except that the finishing step reuses one long-lived page per
 * browser ({@link finishInIsolation}) instead of opening and closing a blank page in the audited page's context for
 * every audit (measured on the MDN corpus: ≈ 1,000 ms per page with AxeBuilder, ≈ 150 ms this way; see
 * docs/benchmarks.md).
 * @param axeSource axe-core's source as a script (evaluated in each frame's main world; it replaces any `window.axe`
 *   the page defined).
 * @param options `axe.run` options (`runOnly`, `rules`, `resultTypes`, …), passed unchanged to both steps.
 * @returns axe's v1 report (`violations`, `incomplete`, … as `resultTypes` asks).
 * @throws when axe cannot be injected into or run in the top frame, or the finishing step fails.
 */
export async function runAxe(page: Page, options: RunOptions, { axeSource }: { axeSource: string }): Promise<AxeResults> {
  const partials = await partialsOf(page.mainFrame(), { include: [], exclude: [] }, options, axeSource, true);
  return finishInIsolation(page.context().browser(), partials, options, axeSource);
}

/**
 * `axe.finishRun` in a page no audited site can reach: a context of its own (offline, no proxy — the browser-wide
 * fail-closed proxy applies) holding one `about:blank` page with axe loaded once, created on first use per browser
 * and recreated if it crashes or closes. Calls are serialised (one report at a time per browser); partial results
 * travel in chunks of ≤ 8 M characters (one CDP message each).
 * @throws when the browser is gone or axe's `finishRun` throws (malformed partial results).
 */
async function finishInIsolation(browser: Browser | null, partials: (PartialResult | null)[], options: RunOptions, axeSource: string): Promise<AxeResults> {
  if (!browser) throw new Error("axe finishRun needs the page's browser (a persistent context has none)");
  let finisher = finishers.get(browser);
  if (!finisher) {
    const page = openFinisher(browser, axeSource);
    finisher = { page, queue: Promise.resolve() };
    finishers.set(browser, finisher);
    page.then(
      (p) => p.once("close", () => finishers.get(browser) === finisher && finishers.delete(browser)),
      () => finishers.get(browser) === finisher && finishers.delete(browser),
    );
  }
  const f = finisher;
  const run = f.queue.then(async () => {
    const page = await f.page;
    return within(finishOn(page, partials, options), FINISH_TIMEOUT_MS, "axe finishRun").catch(async (e: unknown) => {
      // A stuck or broken finisher must not hold every later report: drop it; the next call opens a new one.
      if (finishers.get(browser) === f) finishers.delete(browser);
      await page.context().close().catch(() => undefined);
      throw e;
    });
  });
  f.queue = run.catch(() => undefined);
  return run;
}

type FinisherWindow = { __partials: string; axe: typeof import("axe-core") };

/** Move `partials` into the finisher page (in chunks when large) and run `axe.finishRun` there. */
async function finishOn(page: Page, partials: (PartialResult | null)[], options: RunOptions): Promise<AxeResults> {
  const json = JSON.stringify(partials);
  let rest = json;
  if (json.length > CHUNK_CHARS) {
    await page.evaluate(() => void ((window as unknown as FinisherWindow).__partials = ""));
    for (let i = 0; i < json.length; i += CHUNK_CHARS) {
      await page.evaluate((chunk) => void ((window as unknown as FinisherWindow).__partials += chunk), json.slice(i, i + CHUNK_CHARS));
    }
    rest = "";
  }
  return page.evaluate(
    ({ inline, opts }) => {
      const w = window as unknown as FinisherWindow;
      const parsed = JSON.parse(inline || w.__partials);
      w.__partials = "";
      return w.axe.finishRun(parsed, opts);
    },
    { inline: rest, opts: options as never },
  );
}

/** The finisher: its own offline context, one blank page, axe evaluated once. */
async function openFinisher(browser: Browser, axeSource: string): Promise<Page> {
  const context = await browser.newContext({ offline: true, javaScriptEnabled: true, serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    await page.evaluate(axeSource);
    page.once("crash", () => void context.close().catch(() => undefined));
    return page;
  } catch (e) {
    await context.close().catch(() => undefined);
    throw e;
  }
}
