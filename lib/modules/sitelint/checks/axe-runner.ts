import axe, { type AxeResults, type FrameContext, type PartialResult, type RunOptions } from "axe-core";
import type { Frame, Page } from "playwright-core";
import { z } from "zod";
import { within } from "@/lib/within";

/** How long injecting axe into one child frame may take, ms, before that frame counts as untestable. */
export const FRAME_INJECT_TIMEOUT_MS = 2_000;

/**
 * axe-core's frame-by-frame protocol on one frame and, recursively, its child frames (axe-core API docs: "runPartial"
 * / "finishRun"; `axe.utils.getFrameContexts` names each child frame and the part of the context inside it).
 * @returns the partial results in the order `axe.finishRun` expects: this frame's, then each child frame's subtree
 *   depth-first, `null` for a child frame that could not be tested (axe then reports it, e.g. `frame-tested`).
 * @throws for the top frame only (injection or `runPartial` failing there); child frames never throw.
 */
async function partialsOf(frame: Frame, context: unknown, options: RunOptions, axeSource: string, top: boolean): Promise<(PartialResult | null)[]> {
  await (top ? frame.evaluate(axeSource) : within(frame.evaluate(axeSource), FRAME_INJECT_TIMEOUT_MS, () => new Error(`Injecting axe into a frame took longer than ${FRAME_INJECT_TIMEOUT_MS} ms`)));
  const frameContexts = await frame.evaluate((ctx) => (window as unknown as { axe: typeof import("axe-core") }).axe.utils.getFrameContexts(ctx as never), context);
  // Started before the child frames are visited, as @axe-core/playwright does: the frame runs while we descend. The
  // result travels as JSON text, parsed on our side by `parsePartial` (the page controls it).
  const own = frame
    .evaluate(
      ({ ctx, opts }) => (window as unknown as { axe: typeof import("axe-core") }).axe.runPartial(ctx as never, opts).then((r) => JSON.stringify(r)),
      { ctx: context, opts: options as never },
    )
    .then(parsePartial);
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

/** Largest partial result taken from one frame, characters of JSON (a real one is ≈ 10 KB – 5 MB; bigger is a page
 * answering for axe, and would hold the event loop while parsed and merged). */
export const MAX_PARTIAL_CHARS = 32_000_000;

/** Keys never taken from a page's partial result: they would reach object prototypes in `axe.finishRun`'s merging. */
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** The shape `axe.finishRun` relies on (axe-core's `PartialResult`); the rest is axe's own data, passed through. */
const PartialShape = z.looseObject({
  results: z.array(z.looseObject({ id: z.string().max(200) })).max(2_000),
  frames: z.array(z.unknown()).max(10_000).default([]),
  environmentData: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A frame's `axe.runPartial` result as JSON text → the object `axe.finishRun` gets: parsed without prototype keys and
 * checked for the fields it relies on, since the audited page can replace axe and answer anything.
 * @throws Error naming what was wrong (the frame is then left out, or — for the top frame — the check fails).
 */
function parsePartial(json: unknown): PartialResult {
  if (typeof json !== "string") throw new Error("axe runPartial returned no result");
  if (json.length > MAX_PARTIAL_CHARS) throw new Error(`axe runPartial returned ${json.length} characters, more than the ${MAX_PARTIAL_CHARS} allowed`);
  const value: unknown = JSON.parse(json, (key, v: unknown) => (UNSAFE_KEYS.has(key) ? undefined : v));
  const parsed = PartialShape.safeParse(value);
  if (!parsed.success) throw new Error(`axe runPartial returned a malformed result: ${parsed.error.issues[0]?.message ?? "?"}`);
  return parsed.data as unknown as PartialResult;
}

/**
 * Run axe-core on a loaded page the way `@axe-core/playwright`'s `AxeBuilder.analyze()` does — axe injected into the
 * page and into every reachable child frame (same- and cross-origin), `axe.runPartial` in each, `axe.finishRun` on the
 * combined partial results outside the audited page — except that the finishing step runs here, in Node, with the
 * same axe-core build (`axe.finishRun` merges and reports data; it reads no DOM), instead of in a blank page opened in
 * the audited page's context for every audit (measured on the MDN corpus: ≈ 1,000 ms per page with AxeBuilder, ≈ 150 ms
 * this way; see docs/benchmarks.md). Each frame's partial result is validated first (`parsePartial`).
 * @param axeSource axe-core's source as a script (evaluated in each frame's main world; it replaces any `window.axe`
 *   the page defined); must be the build of the `axe-core` package this process loads.
 * @param options `axe.run` options (`runOnly`, `rules`, `resultTypes`, …), passed unchanged to both steps.
 * @returns axe's v1 report (`violations`, `incomplete`, … as `resultTypes` asks).
 * @throws when axe cannot be injected into or run in the top frame, its partial result is malformed, or `finishRun`
 *   throws.
 */
export async function runAxe(page: Page, options: RunOptions, { axeSource }: { axeSource: string }): Promise<AxeResults> {
  const partials = await partialsOf(page.mainFrame(), { include: [], exclude: [] }, options, axeSource, true);
  return axe.finishRun(partials as PartialResult[], structuredClone(options));
}
