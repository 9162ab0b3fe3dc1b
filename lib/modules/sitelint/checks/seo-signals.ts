import type { Page } from "playwright-core";

/** What the SEO check needs from the rendered DOM; plain data so the decision logic is testable without a browser. */
export type SeoSignals = {
  /** `document.title` when a `<title>` element exists, else null. */
  title: string | null;
  /** `content` of every `<meta name="description">` (name matched case-insensitively). */
  metaDescriptions: string[];
  /** `<html lang>` attribute, or null when absent. */
  htmlLang: string | null;
  h1Count: number;
  /** Raw `href` of `<link rel="canonical">` in `<head>` (Lighthouse ignores body ones); null when href is missing. */
  canonicalHrefs: (string | null)[];
  /** `<meta name="robots"|"googlebot">` (any case), name lower-cased. */
  robotsMeta: { name: string; content: string }[];
  /** `<meta http-equiv="Content-Security-Policy">` contents (read here to spare a second round trip). */
  metaCsp: string[];
  /** `document.baseURI`, to resolve relative canonicals in Node. */
  baseUri: string;
};

/**
 * Read {@link SeoSignals} in one `page.evaluate`. The function only touches `document` — pages may clobber globals
 * (the Lighthouse SEO tester sets `URL = ''`), so URLs are resolved in Node, not in the page.
 */
export async function readSeoSignals(page: Page): Promise<SeoSignals> {
  return page.evaluate(() => {
    const attr = (sel: string, name: string) => Array.from(document.querySelectorAll(sel), (e) => e.getAttribute(name));
    return {
      // An inline SVG's <title> is not the document title.
      title: document.querySelector("title:not(svg title)") ? document.title : null,
      metaDescriptions: attr('meta[name="description" i]', "content").map((c) => c ?? ""),
      htmlLang: document.documentElement.getAttribute("lang"),
      h1Count: document.querySelectorAll("h1").length,
      canonicalHrefs: attr('head link[rel~="canonical" i]', "href"),
      robotsMeta: Array.from(document.querySelectorAll('meta[name="robots" i], meta[name="googlebot" i]'), (e) => ({
        name: (e.getAttribute("name") ?? "").toLowerCase(),
        content: e.getAttribute("content") ?? "",
      })),
      metaCsp: attr('meta[http-equiv="content-security-policy" i]', "content").filter((c): c is string => !!c),
      baseUri: document.baseURI,
    };
  });
}
