import type { CDPSession, Page } from "playwright-core";

/** One `<img>` Lighthouse's `unsized-images` rule fails. */
export type UnsizedImage = {
  selector: string;
  /** Opening tag, ≤ 300 chars (Lighthouse's node `snippet`). */
  snippet: string;
  /** `currentSrc`, data: URIs shortened. */
  src: string;
  /** Rendered box, CSS px (rounded). */
  displayed: { width: number; height: number };
};

/** What the page says about one `<img>` (read in an isolated world, so page globals cannot interfere). */
type ImageFacts = Omit<UnsizedImage, "displayed"> & {
  rect: { width: number; height: number };
  attrWidth: string | null;
  attrHeight: string | null;
  /** `position` of the image, or of its `<picture>` parent (the box that takes part in layout). */
  position: string;
};

/**
 * Source text calling `fn(...args)` in the page. Functions are sent as text; tsx/esbuild with `keepNames` wraps
 * nested functions in `__name(…)` calls, which would be undefined there, so the text brings a no-op `__name`.
 * `args` are functions (sent as their source) or JSON values.
 */
export function pageCall(fn: (...a: never[]) => unknown, ...args: unknown[]): string {
  const list = args.map((a) => (typeof a === "function" ? `(${a.toString()})` : JSON.stringify(a))).join(", ");
  return `(() => { const __name = (f) => f; return (${fn.toString()})(${list}); })()`;
}

/** A short unique-enough CSS path: `#id` where one exists, else `tag:nth-of-type(n)` steps up to `html`. */
export function cssPath(el: Element): string {
  const parts: string[] = [];
  for (let e: Element | null = el; e && parts.length < 12; e = e.parentElement) {
    if (e.id && /^[A-Za-z][\w-]*$/.test(e.id)) {
      parts.unshift(`#${e.id}`);
      break;
    }
    const tag = e.localName;
    const parent: Element | null = e.parentElement;
    const same = parent ? Array.from(parent.children).filter((c) => c.localName === tag) : [];
    parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(e) + 1})` : tag);
  }
  return parts.join(" > ");
}

function imageFacts(img: HTMLImageElement, path: (el: Element) => string): ImageFacts {
  const parent = img.parentElement;
  const box = parent && parent.tagName === "PICTURE" ? parent : img;
  const rect = img.getBoundingClientRect();
  const src = img.currentSrc || img.src;
  return {
    selector: path(img),
    snippet: img.outerHTML.slice(0, 300),
    src: src.startsWith("data:") ? `${src.slice(0, 40)}…` : src.slice(0, 500),
    rect: { width: rect.width, height: rect.height },
    attrWidth: img.getAttribute("width"),
    attrHeight: img.getAttribute("height"),
    position: getComputedStyle(box).getPropertyValue("position"),
  };
}

/** HTML dimension attribute that reserves space: a non-negative integer, no leading "+" (Chrome rejects it). */
const attrGivesSize = (v: string | null) => !!v && !v.startsWith("+") && Number.parseInt(v, 10) >= 0;
const cssGivesSize = (v: string | null) => !!v && !["auto", "initial", "unset", "inherit"].includes(v);

/** Lighthouse's `isNonNetworkSvg`: an SVG (by data: MIME type or `.svg` path) on a blob:/data:/file:… URL. */
function isNonNetworkSvg(src: string): boolean {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return false;
  }
  const svg = url.protocol === "data:" ? /^image\/svg\+xml[;,]/.test(url.pathname) : /\.svg$/i.test(url.pathname);
  return svg && ["blob:", "data:", "intent:", "file:", "filesystem:", "chrome-extension:"].includes(url.protocol);
}

/** The parts of CDP `CSS.getMatchedStylesForNode`'s answer the rule reads. */
type CssStyle = { cssProperties: { name: string; value: string }[] };
type MatchedStyles = { inlineStyle?: CssStyle; attributesStyle?: CssStyle; matchedCSSRules?: { rule: { style: CssStyle } }[] };
const declared = (style: CssStyle | undefined, name: string) => style?.cssProperties.find((p) => p.name === name)?.value;

/** Lighthouse's `getEffectiveSizingRule`: inline style, then presentational attributes, then the last matched rule declaring it. */
function effectiveRule({ inlineStyle, attributesStyle, matchedCSSRules = [] }: MatchedStyles, name: string): string | null {
  const direct = declared(inlineStyle, name) || declared(attributesStyle, name);
  if (direct) return direct;
  for (let i = matchedCSSRules.length - 1; i >= 0; i--) {
    const v = declared(matchedCSSRules[i]!.rule.style, name);
    if (v) return v;
  }
  return null;
}

function isSized(facts: ImageFacts, styles: MatchedStyles): boolean {
  const width = attrGivesSize(facts.attrWidth) || cssGivesSize(effectiveRule(styles, "width"));
  const height = attrGivesSize(facts.attrHeight) || cssGivesSize(effectiveRule(styles, "height"));
  const ratio = cssGivesSize(effectiveRule(styles, "aspect-ratio"));
  return (width && height) || (width && ratio) || (height && ratio);
}

const GROUP = "sitelint-unsized-images";

async function isolatedContext(cdp: CDPSession): Promise<number> {
  const { frameTree } = await cdp.send("Page.getFrameTree");
  const { executionContextId } = await cdp.send("Page.createIsolatedWorld", { frameId: frameTree.frame.id, worldName: GROUP });
  return executionContextId;
}

/**
 * Lighthouse 13 audit `unsized-images` (core/audits/unsized-images.js + the `ImageElements` gatherer) on the main
 * document's `<img>` elements, in document order. An image is sized when it has an explicit width AND height, or one
 * of them plus an explicit `aspect-ratio` — width/height from a non-negative integer HTML attribute or from CSS
 * (inline style, presentational attributes, else the last matched rule; `auto`/`initial`/`unset`/`inherit` do not
 * count), read with the DevTools protocol (`CSS.getMatchedStylesForNode`) as Lighthouse does. Skipped like
 * Lighthouse: `position: fixed|absolute` (of the image or its `<picture>`), SVGs on non-network URLs, images whose
 * box is 0×0; shadow-DOM and CSS background images are never considered.
 *
 * Like Lighthouse's gatherer, CSS is read for at most `budgetMs` (default 5000 ms); images left unread count as sized
 * (no false positives) and are counted in `unchecked`.
 * @returns the failing images plus `total` `<img>` count.
 * @throws whatever the DevTools protocol throws (page closed, navigation meanwhile); Chromium only.
 */
export async function findUnsizedImages(page: Page, { budgetMs = 5_000 }: { budgetMs?: number } = {}): Promise<{ images: UnsizedImage[]; total: number; unchecked: number }> {
  const cdp = await page.context().newCDPSession(page);
  const images: UnsizedImage[] = [];
  const started = Date.now();
  try {
    await Promise.all([cdp.send("DOM.enable"), cdp.send("CSS.enable")]);
    const contextId = await isolatedContext(cdp);
    const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
    const { nodeIds } = await cdp.send("DOM.querySelectorAll", { nodeId: root.nodeId, selector: "img" });
    const describe = `function () { const __name = (f) => f; return (${imageFacts.toString()})(this, ${cssPath.toString()}); }`;
    let checked = 0;
    for (const nodeId of nodeIds) {
      if (Date.now() - started > budgetMs) break;
      checked += 1;
      const { object } = await cdp.send("DOM.resolveNode", { nodeId, objectGroup: GROUP, executionContextId: contextId });
      const { result } = await cdp.send("Runtime.callFunctionOn", { objectId: object.objectId, functionDeclaration: describe, returnByValue: true });
      const facts = result.value as ImageFacts;
      // Out of flow, not a network image, or not laid out: cannot shift layout (Lighthouse's exclusions).
      if (facts.position === "fixed" || facts.position === "absolute" || isNonNetworkSvg(facts.src)) continue;
      if (facts.rect.width === 0 && facts.rect.height === 0) continue;
      if (isSized(facts, await cdp.send("CSS.getMatchedStylesForNode", { nodeId }))) continue;
      images.push({ selector: facts.selector, snippet: facts.snippet, src: facts.src, displayed: { width: Math.round(facts.rect.width), height: Math.round(facts.rect.height) } });
    }
    return { images, total: nodeIds.length, unchecked: nodeIds.length - checked };
  } finally {
    await cdp.send("Runtime.releaseObjectGroup", { objectGroup: GROUP }).catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
}
