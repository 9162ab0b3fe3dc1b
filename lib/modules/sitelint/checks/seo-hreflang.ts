import axe from "axe-core";
import { relHas } from "./seo-link-header";
import type { SeoLinkElement } from "./seo-signals";

/** axe-core exports `utils.isValidLang` at runtime (used by its `valid-lang` rule) but leaves it out of its typings. */
const isValidLang = (axe.utils as unknown as { isValidLang(lang: string): boolean }).isValidLang;

type HreflangLink = Pick<SeoLinkElement, "rel" | "hrefRaw" | "hreflang"> & { source: SeoLinkElement["source"] | "headers" };

export type HreflangProblem = { source: string; reasons: string[] };

/**
 * `x-default` or a language code whose primary subtag is an IANA language subtag — Lighthouse 13's `hreflang` check
 * (it validates only the language part of `language-script-region`, with axe-core's `isValidLang`, the list it copies
 * into `third-party/axe/valid-langs.js`).
 */
export function isExpectedHreflang(hreflang: string): boolean {
  if (hreflang.toLowerCase() === "x-default") return true;
  return isValidLang(hreflang.split("-")[0]!.toLowerCase());
}

/**
 * Invalid `hreflang` alternates, after Lighthouse 13's `hreflang` audit (`core/audits/seo/hreflang.js`): every
 * `rel=alternate` link with an `hreflang`, from `<head>` or the `Link` header (body links are ignored), fails with
 * "Unexpected language code" (not {@link isExpectedHreflang}; surrounding spaces make it invalid) and/or "Relative
 * href value" (href not starting with `http:`/`https:`, a missing href included).
 * @returns one entry per failing link, with its source written as markup or as the header line.
 */
export function hreflangProblems(links: HreflangLink[]): HreflangProblem[] {
  const out: HreflangProblem[] = [];
  for (const link of links) {
    if (!relHas(link.rel, "alternate") || !link.hreflang || link.source === "body") continue;
    const reasons: string[] = [];
    if (!isExpectedHreflang(link.hreflang)) reasons.push("Unexpected language code");
    const href = link.hrefRaw.toLowerCase();
    if (!href.startsWith("http:") && !href.startsWith("https:")) reasons.push("Relative href value");
    if (reasons.length === 0) continue;
    const source = link.source === "headers"
      ? `Link: <${link.hrefRaw}>; rel="alternate"; hreflang="${link.hreflang}"`
      : `<link rel="alternate" hreflang="${link.hreflang}" href="${link.hrefRaw}" />`;
    out.push({ source: source.slice(0, 300), reasons });
  }
  return out;
}
