import type { Page } from "playwright-core";

/** A `<link>` element (HTML namespace only, shadow roots included), as Lighthouse's `LinkElements` gatherer reads it. */
export type SeoLinkElement = {
  /** `rel`, lower-cased. */
  rel: string;
  /** The `href` attribute as written ("" when absent). */
  hrefRaw: string;
  /** `link.href`, resolved by the browser ("" when absent). */
  href: string;
  /** `link.hreflang` as written (not trimmed: " x-default" is invalid). */
  hreflang: string;
  /** Lighthouse ignores canonical and hreflang links outside `<head>`. */
  source: "head" | "body";
};

/** An `<a>` element (HTML or SVG), with the fields Lighthouse's `AnchorElements` gatherer collects. */
export type SeoAnchor = {
  /** Resolved target: `a.href` for HTML anchors; for SVG anchors `null` (resolve {@link SeoAnchor.rawHref} in Node). */
  href: string | null;
  /** `href` attribute as written ("" when absent). */
  rawHref: string;
  role: string;
  /** `name` attribute (HTML anchors only). */
  name: string;
  id: string;
  /** `innerText` (HTML: visible text only) or `textContent` (SVG). */
  text: string;
  /** Language of the link text, Lighthouse's way (`getLangOfInnerText`); undefined when unknown or mixed. */
  textLang?: string;
  rel: string;
  attributeNames: string[];
  isSvg: boolean;
  /** CSS selector of the anchor (">>>" crosses a shadow root) and its start tag, for evidence. */
  selector: string;
  snippet: string;
  /** Index into the listener probe (see `probeAnchorListeners`) for anchors whose verdict depends on event listeners. */
  probe?: number;
};

/** What the SEO checks need from the rendered DOM; plain data so the decision logic is testable without a browser. */
export type SeoSignals = {
  /** `document.title` when a `<title>` element exists, else null. */
  title: string | null;
  /** Every `<meta name>` in `<head>`, name lower-cased (Lighthouse `MetaElements`). */
  metas: { name: string; content: string }[];
  /** `<html lang>` attribute, or null when absent (for reference: axe's html-has-lang / html-lang-valid judge it). */
  htmlLang: string | null;
  h1Count: number;
  links: SeoLinkElement[];
  anchors: SeoAnchor[];
  /** Text of each `<script type="application/ld+json">` (first 20, each cut at 100 000 characters). */
  ldJson: string[];
  /** `<meta http-equiv="Content-Security-Policy">` contents (read here to spare a second round trip). */
  metaCsp: string[];
  /** `document.baseURI`, to resolve relative URLs in Node. */
  baseUri: string;
};

/** Property on `document` holding the anchors to probe for event listeners between the two calls (a symbol: no DOM trace). */
export const ANCHOR_PROBE_KEY = "sitelint.anchorProbe";

/**
 * Read {@link SeoSignals} in one `page.evaluate`. The function only touches the DOM — pages may clobber globals (the
 * Lighthouse SEO tester sets `URL = ''`), so URLs are resolved by DOM properties or in Node, never with `URL`.
 * Elements are collected through open shadow roots, like Lighthouse's `getElementsInDocument`. Anchors whose
 * crawlability depends on their event listeners are also kept on `document[Symbol.for(ANCHOR_PROBE_KEY)]` for
 * `probeAnchorListeners`.
 */
export async function readSeoSignals(page: Page): Promise<SeoSignals> {
  return page.evaluate((probeKey) => {
    const SVG = "http://www.w3.org/2000/svg";
    const HREF_ATTRS = ["href", "target", "download", "ping", "rel", "hreflang", "type", "referrerpolicy"];
    const all = (selector: string): Element[] => {
      const out: Element[] = [];
      const walk = (nodes: Iterable<Element>) => {
        for (const el of nodes) {
          if (el.matches(selector)) out.push(el);
          if (el.shadowRoot) walk(el.shadowRoot.querySelectorAll("*"));
        }
      };
      walk(document.querySelectorAll("*"));
      return out;
    };
    const selectorOf = (el: Element): string => {
      const parts: string[] = [];
      let cur: Element | null = el;
      while (cur && cur !== document.documentElement) {
        const tag = cur.localName;
        const parent: Element | null = cur.parentElement;
        if (cur.id && /^[A-Za-z][\w-]*$/.test(cur.id)) {
          parts.unshift(`${tag}#${cur.id}`);
          break;
        }
        const same = parent ? Array.from(parent.children).filter((c) => c.localName === tag) : [];
        parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(cur) + 1})` : tag);
        if (!parent) {
          const host = (cur.getRootNode() as ShadowRoot).host;
          return host ? `${selectorOf(host)} >>> ${parts.join(" > ")}` : parts.join(" > ");
        }
        cur = parent;
      }
      return parts.join(" > ");
    };
    const startTag = (el: Element) => {
      const html = el.outerHTML;
      const end = html.indexOf(">");
      return html.slice(0, end >= 0 ? Math.min(end + 1, 300) : 300);
    };

    // Lighthouse `anchor-elements.js` getLangOfInnerText: the one language of the text-bearing descendants, else the anchor's.
    const langOfText = (node: Element): string | null => {
      let lang: string | null = null;
      for (const child of Array.from(node.querySelectorAll("*"))) {
        if (!child.textContent) continue;
        const childLang = child.closest("[lang]")?.getAttribute("lang");
        if (!childLang) continue;
        if (!lang) lang = childLang;
        else if (lang.split("-")[0] !== childLang.split("-")[0]) return null;
      }
      return lang ?? node.closest("[lang]")?.getAttribute("lang") ?? null;
    };
    const langElements = all("[lang]");
    const singleLang = langElements.length === 1 && ["BODY", "HTML"].includes(langElements[0]!.nodeName) ? langElements[0]!.getAttribute("lang") : null;

    const probe: Element[] = [];
    const anchors = all("a").map((a) => {
      const isSvg = a.namespaceURI === SVG;
      const rawHref = a.getAttribute("href") ?? "";
      const attributeNames = a.getAttributeNames();
      const role = a.getAttribute("role") ?? "";
      const name = isSvg ? "" : (a as HTMLAnchorElement).name;
      const id = a.getAttribute("id") ?? "";
      const anchor = {
        href: isSvg ? null : (a as HTMLAnchorElement).href,
        rawHref, role, name, id,
        text: isSvg ? (a.textContent ?? "") : (a as HTMLElement).innerText,
        textLang: singleLang ?? langOfText(a) ?? undefined,
        rel: isSvg ? "" : (a as HTMLAnchorElement).rel,
        attributeNames, isSvg,
        selector: selectorOf(a),
        snippet: startTag(a),
        probe: undefined as number | undefined,
      };
      // crawlable-anchors decides these by their listeners: no role/name/id, no href nor any href-associated attribute.
      if (!role.trim() && !name.trim() && !id && !rawHref.startsWith("mailto:") && !HREF_ATTRS.some((n) => attributeNames.includes(n))) {
        anchor.probe = probe.push(a) - 1;
      }
      return anchor;
    });
    (document as unknown as Record<symbol, unknown>)[Symbol.for(probeKey)] = probe;

    const metaCsp = all('meta[http-equiv="content-security-policy" i]').map((e) => e.getAttribute("content") ?? "").filter(Boolean);
    return {
      // An inline SVG's <title> is not the document title.
      title: document.querySelector("title:not(svg title)") ? document.title : null,
      metas: all("head meta[name]").map((m) => ({ name: (m.getAttribute("name") ?? "").toLowerCase(), content: m.getAttribute("content") ?? "" })),
      htmlLang: document.documentElement.getAttribute("lang"),
      h1Count: document.querySelectorAll("h1").length,
      links: all("link")
        .filter((l) => l.namespaceURI === "http://www.w3.org/1999/xhtml")
        .map((l) => {
          const link = l as HTMLLinkElement;
          return { rel: link.rel.toLowerCase(), hrefRaw: link.getAttribute("href") ?? "", href: link.href, hreflang: link.hreflang, source: link.closest("head") ? ("head" as const) : ("body" as const) };
        }),
      anchors,
      ldJson: all('script[type="application/ld+json" i]').slice(0, 20).map((s) => (s.textContent ?? "").slice(0, 100_000)),
      metaCsp,
      baseUri: document.baseURI,
    };
  }, ANCHOR_PROBE_KEY);
}
