import { createHash } from "node:crypto";
import type { Page } from "playwright-core";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_ID = /^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}$/i;
const DATE = /^\d{4}-\d{2}(-\d{2})?$/;
/** Three or more words (`how-to-bake-bread`), or words with a number (`post-12`, `item_5`). */
const SLUG = /^(?:[\p{L}\p{N}]+(?:[-_.][\p{L}\p{N}]+){2,}|(?=.*\d)(?=.*\p{L})[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)+)$/u;

function segmentPattern(seg: string): string {
  if (!seg) return seg;
  // Keep a page extension (`.html`) out of the id: `/p/12.html` and `/p/13.html` share `/p/:num.html`.
  const ext = /^(.+?)(\.(?:html?|php|aspx?|jsp))$/i.exec(seg);
  const [name, suffix] = ext ? [ext[1]!, ext[2]!.toLowerCase()] : [seg, ""];
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // A malformed escape stays as written.
  }
  if (/^\d+$/.test(decoded)) return `:num${suffix}`;
  if (DATE.test(decoded)) return `:date${suffix}`;
  if (UUID.test(decoded)) return `:uuid${suffix}`;
  if (HEX_ID.test(decoded)) return `:hex${suffix}`;
  if (decoded.length >= 40 || SLUG.test(decoded)) return `:slug${suffix}`;
  return seg;
}

/**
 * The URL pattern of a page, for per-template sampling: path segments that are ids become placeholders — digits
 * `:num`, `YYYY-MM(-DD)` `:date`, UUIDs `:uuid`, hex ids (≥ 8 chars, digits and letters) `:hex`, slugs (three or more
 * words, or words with a number, or ≥ 40 chars) `:slug`, keeping a page extension — and the query keeps its keys,
 * sorted and deduplicated, values dropped (`?page&sort`). Host-independent.
 *
 * @example urlPattern("https://x.test/blog/2024/01/how-to-bake-bread?utm=1&a=2") === "/blog/:num/:num/:slug?a&utm"
 * @returns the pattern; the input unchanged when it is not an absolute URL.
 */
export function urlPattern(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const path = u.pathname.split("/").map(segmentPattern).join("/");
  const keys = [...new Set([...u.searchParams.keys()])].sort();
  return keys.length ? `${path}?${keys.join("&")}` : path;
}

/** Deepest element level (below `<body>`) and most elements the skeleton reads; beyond them the shape is cut. */
const SKELETON_MAX_DEPTH = 8;
const SKELETON_MAX_NODES = 3_000;

/**
 * A hash of the page's layout skeleton (no text, no attributes): the tag structure of `<body>` down to 8 levels and
 * 3 000 elements, keeping layout elements only (sectioning, `div`, `form`, `table`, `iframe`, custom elements) —
 * content elements (`p`, headings, lists, images, inline text) vary from one page of a template to the next — and
 * each element's distinct child shapes once, in first-seen order (a list of 3 or 30 cards is one shape). One
 * `page.evaluate`.
 *
 * @returns 16 hex chars of SHA-256 of the shape, or `undefined` for a document without a body.
 */
export async function readSkeleton(page: Page): Promise<string | undefined> {
  const shape = await page.evaluate(
    ({ maxDepth, maxNodes }) => {
      const LAYOUT = new Set(["div", "main", "header", "footer", "nav", "aside", "section", "article", "form", "table", "iframe", "dialog", "details", "fieldset"]);
      let budget = maxNodes;
      const shapeOf = (el: Element, depth: number): string => {
        const kids: string[] = [];
        if (depth < maxDepth) {
          for (const c of Array.from(el.children)) {
            if (budget-- <= 0) break;
            if (!LAYOUT.has(c.localName) && !c.localName.includes("-")) continue;
            const s = shapeOf(c, depth + 1);
            if (!kids.includes(s)) kids.push(s);
          }
        }
        return kids.length ? `${el.localName}(${kids.join(",")})` : el.localName;
      };
      return document.body ? shapeOf(document.body, 0).slice(0, 200_000) : null;
    },
    { maxDepth: SKELETON_MAX_DEPTH, maxNodes: SKELETON_MAX_NODES },
  );
  return shape === null ? undefined : createHash("sha256").update(shape).digest("hex").slice(0, 16);
}

/** A template's key: its URL pattern and the first 8 hex chars of its skeleton (`-` when the page rendered none). */
export function templateKey(pattern: string, skeleton: string | undefined): string {
  return `${pattern}#${skeleton ? skeleton.slice(0, 8) : "-"}`;
}

/** One template's coverage in `scans.crawl.templates`. `skipped`: pages of its URL pattern sampled out, never loaded. */
export type TemplateCoverage = { key: string; pattern: string; audited: number; skipped: number; example_urls: string[] };

type PatternState = { reserved: number; audited: number; skipped: number; templates: (TemplateCoverage & { skeleton?: string })[] };

/**
 * Per-template sampling (`scans.options.per_template` = N). A template is a URL pattern ({@link urlPattern}) plus a DOM
 * skeleton ({@link readSkeleton}). Before auditing, {@link TemplateSampler.admit} refuses a page whose pattern already
 * has N × k pages audited or in flight, where k ≥ 1 is the number of distinct skeletons seen for that pattern — so a
 * pattern whose first pages show two layouts gets N more audits and both templates are sampled. After auditing,
 * {@link TemplateSampler.record} files the page under the template of its skeleton (a new one when it differs from the
 * pattern's earlier pages). Pages that rendered no skeleton (failed, blocked, not HTML) count toward the pattern but
 * never raise k. Deterministic: the same sequence of calls (a replayed crawl) gives the same decisions.
 *
 * Sampled-out pages are never loaded, so their links are not discovered: a crawl that samples relies on sitemaps and
 * the audited pages' links for the rest of the site. Skipped pages are counted on their pattern's first template
 * (their skeleton is unknown).
 */
export type TemplateSampler = {
  /** Whether to audit `url` now; `false` counts it as sampled out. Always true when N is 0 (no sampling) or with
   * `force` (the scan's start URL and entry paths: asked for by name). */
  admit(url: string, o?: { force?: boolean }): boolean;
  /**
   * True when `admit` would refuse `url` now only for want of results: its pattern's quota is taken, but by pages
   * still in flight, whose skeletons may raise k. A crawl that starts pages before earlier ones finish waits for
   * those results instead of deciding, so its decisions are a sequential crawl's.
   */
  undecided(url: string, o?: { force?: boolean }): boolean;
  /** File an audited (admitted) page; @returns its template key. */
  record(url: string, skeleton: string | undefined): string;
  /** Templates in first-seen order, with at most 3 example URLs each. */
  coverage(): TemplateCoverage[];
  /** Pages refused by `admit`. */
  sampledOut(): number;
};

/** Build a {@link TemplateSampler} for N pages per template (0 = audit every page, still recording templates). */
export function createTemplateSampler(perTemplate: number): TemplateSampler {
  const patterns = new Map<string, PatternState>();
  let out = 0;
  const stateOf = (pattern: string) => {
    let s = patterns.get(pattern);
    if (!s) patterns.set(pattern, (s = { reserved: 0, audited: 0, skipped: 0, templates: [] }));
    return s;
  };
  const full = (s: PatternState) => s.audited + s.reserved >= perTemplate * Math.max(1, s.templates.filter((t) => t.skeleton).length);
  return {
    undecided(url, o = {}) {
      const s = patterns.get(urlPattern(url));
      return perTemplate > 0 && !o.force && !!s && s.reserved > 0 && full(s);
    },
    admit(url, o = {}) {
      const s = stateOf(urlPattern(url));
      if (perTemplate > 0 && !o.force && full(s)) {
        s.skipped++;
        out++;
        return false;
      }
      s.reserved++;
      return true;
    },
    record(url, skeleton) {
      const pattern = urlPattern(url);
      const s = stateOf(pattern);
      s.reserved = Math.max(0, s.reserved - 1);
      s.audited++;
      const key = templateKey(pattern, skeleton);
      let t = s.templates.find((x) => x.key === key);
      if (!t) s.templates.push((t = { key, pattern, audited: 0, skipped: 0, example_urls: [], ...(skeleton ? { skeleton } : {}) }));
      t.audited++;
      if (t.example_urls.length < 3) t.example_urls.push(url);
      return key;
    },
    coverage() {
      return [...patterns.values()].flatMap((s) =>
        s.templates.map(({ skeleton: _s, ...t }, i) => ({ ...t, skipped: i === 0 ? s.skipped : 0 })),
      );
    },
    sampledOut: () => out,
  };
}
