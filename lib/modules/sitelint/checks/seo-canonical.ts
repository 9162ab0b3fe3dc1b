import type { HeaderMap } from "../http-headers";
import type { Severity } from "../types";

/** Canonical targets from a `Link` header (RFC 8288), e.g. `<https://x.test/a>; rel="canonical"`. */
export function linkHeaderCanonicals(link: string | undefined): string[] {
  if (!link) return [];
  const out: string[] = [];
  for (const m of link.matchAll(/<([^>]*)>\s*((?:;[^,<]*)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2] ?? "")?.[1] ?? "";
    if (rel.toLowerCase().split(/\s+/).includes("canonical")) out.push(m[1] ?? "");
  }
  return out;
}

const bareHost = (u: URL) => u.hostname.replace(/^www\./, "");

export type CanonicalProblem = { severity: Severity; issue: string };

/**
 * Problems with a page's canonical URL, after Lighthouse's `canonical` audit and Google Search Central
 * ("Consolidate duplicate URLs"): none declared (info — canonicals are optional), relative (low), invalid, several
 * conflicting, another host (`www.` ignored), or the site root for a deeper page (medium each).
 * @param hrefs raw hrefs from `<head>` (null = link without href); @param headers for `Link: rel=canonical`.
 */
export function canonicalProblems({ hrefs, headers, baseUri, pageUrl }: { hrefs: (string | null)[]; headers: HeaderMap; baseUri: string; pageUrl: URL }): { problems: CanonicalProblem[]; declared: string[] } {
  const declared = [...hrefs.map((h) => h ?? ""), ...linkHeaderCanonicals(headers["link"])];
  if (declared.length === 0) return { problems: [{ severity: "info", issue: "no canonical URL declared" }], declared };
  const problems: CanonicalProblem[] = [];
  const resolved = new Set<string>();
  for (const raw of declared) {
    let abs: URL;
    try {
      if (!raw.trim()) throw new Error("empty");
      abs = new URL(raw.trim(), baseUri);
    } catch {
      problems.push({ severity: "medium", issue: `invalid canonical URL ${JSON.stringify(raw)}` });
      continue;
    }
    if (!/^[a-z][a-z0-9+.-]*:/i.test(raw.trim())) problems.push({ severity: "low", issue: `relative canonical URL ${JSON.stringify(raw)} (use an absolute URL)` });
    abs.hash = "";
    resolved.add(abs.href);
    // Host, not origin: an http page declaring its https twin canonical is the recommended setup.
    if (bareHost(abs) !== bareHost(pageUrl)) problems.push({ severity: "medium", issue: `canonical points to another host (${abs.host})` });
    else if (abs.pathname === "/" && pageUrl.pathname !== "/") problems.push({ severity: "medium", issue: "canonical points to the site root, not this page" });
  }
  if (resolved.size > 1) problems.push({ severity: "medium", issue: `${resolved.size} conflicting canonical URLs` });
  return { problems, declared };
}
