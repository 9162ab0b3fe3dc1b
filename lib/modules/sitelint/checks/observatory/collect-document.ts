import type { Page, Request, Response } from "playwright-core";
import type { ScriptTag, Subresource } from "./types";

/** Most insecure subresources remembered per page (a page requesting in a loop must not grow memory). */
const KEEP = 200;
/** Largest served HTML parsed for `<script>`/`<meta>` tags, bytes; a larger document is read from the live DOM. */
const MAX_HTML_BYTES = 5_000_000;

/**
 * Listen to the page's requests (register before `page.goto`) and keep those over `http:`/`ws:` — the only ones the
 * `mixed-content` test needs — with Playwright's resource type. The main frame's own navigation (including an
 * http:// hop that redirects to https) is not a subresource and is skipped.
 */
export function attachSubresourceCollector(page: Page): { subresources(): Subresource[]; detach(): void } {
  const seen: Subresource[] = [];
  const onRequest = (r: Request) => {
    if (seen.length >= KEEP || !/^(http|ws):/i.test(r.url())) return;
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) return;
    seen.push({ url: r.url().slice(0, 2000), type: r.resourceType() });
  };
  page.on("request", onRequest);
  return { subresources: () => [...seen], detach: () => void page.off("request", onRequest) };
}

/** What the Observatory tests read from the document's markup. */
export type DocumentMarkup = {
  scripts: ScriptTag[];
  metaCsp: string[];
  metaReferrer: string[];
  /** Absolute `http:` URLs referenced by the live DOM's subresource elements. */
  insecureRefs: Subresource[];
  /** `served`: parsed from the HTML the server sent (as Observatory does); `dom`: read from the live DOM instead. */
  source: "served" | "dom";
};

/**
 * Read the `<script>` elements (src / integrity / crossorigin attributes verbatim), `<meta http-equiv=
 * "Content-Security-Policy">` and `<meta name="referrer">` of the HTML the server sent — parsed with the browser's
 * own HTML parser (`DOMParser`, which runs no script), so scripts inserted later by JavaScript do not count, as in
 * MDN HTTP Observatory — and the `http:` URLs the live DOM references (img, media, script, stylesheet, iframe,
 * object). Falls back to the live DOM when the body is unavailable or larger than 5 MB.
 * @throws whatever `page.evaluate` throws (a closed page); callers treat it as a check error.
 */
export async function readDocumentMarkup(page: Page, response: Response): Promise<DocumentMarkup> {
  const body = await response.body().catch(() => undefined);
  const html = body && body.byteLength <= MAX_HTML_BYTES ? body.toString("utf8") : null;
  return page.evaluate((served) => {
    let doc: Document = document;
    let source: "served" | "dom" = "dom";
    if (served !== null) {
      try {
        doc = new DOMParser().parseFromString(served, "text/html");
        source = "served";
      } catch {
        doc = document;
      }
    }
    const attrs = (d: Document, sel: string, name: string) => Array.from(d.querySelectorAll(sel), (e) => e.getAttribute(name)).filter((v): v is string => !!v);
    const insecureRefs: { url: string; type: string }[] = [];
    const refs: [string, string, string][] = [
      ["img[src], picture source[srcset]", "src", "image"], ["audio[src], video[src], audio source[src], video source[src], track[src]", "src", "media"],
      ["video[poster]", "poster", "image"], ["script[src]", "src", "script"], ['link[rel~="stylesheet" i][href]', "href", "stylesheet"],
      ["iframe[src], frame[src]", "src", "document"], ["object[data]", "data", "object"], ["embed[src]", "src", "object"],
    ];
    for (const [sel, attr, type] of refs) {
      for (const v of attrs(document, sel, attr)) if (/^\s*http:/i.test(v) && insecureRefs.length < 200) insecureRefs.push({ url: v.trim().slice(0, 2000), type });
    }
    return {
      scripts: Array.from(doc.querySelectorAll("script"), (s) => ({ src: s.getAttribute("src"), integrity: s.getAttribute("integrity"), crossorigin: s.getAttribute("crossorigin") })).slice(0, 500),
      metaCsp: Array.from(doc.querySelectorAll("meta[http-equiv][content]"))
        .filter((m) => (m.getAttribute("http-equiv") ?? "").trim().toLowerCase() === "content-security-policy")
        .map((m) => m.getAttribute("content") ?? "")
        .filter((c) => c !== ""),
      metaReferrer: attrs(doc, 'meta[name="referrer" i][content]', "content").slice(-1),
      insecureRefs,
      source,
    };
  }, html);
}
