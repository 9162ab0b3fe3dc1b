import { testResult, type ObservatoryResultName } from "./results";
import type { ObservatoryTestResult, ScriptTag } from "./types";

/** Second-level labels under which ccTLDs register names (`example.co.uk`): a small stand-in for the Public Suffix List. */
const CC_SECOND_LEVEL = new Set(["ac", "co", "com", "edu", "go", "gob", "gov", "gv", "ltd", "mil", "ne", "net", "nic", "or", "org", "plc", "sch"]);

/**
 * The registrable domain ("site") of a host, approximately: the last two labels, or three under a ccTLD's common
 * second level (`co.uk`, `com.au`, …); IP literals and single-label hosts are their own site. Observatory uses the
 * Public Suffix List (tldts) here; SiteLint has no PSL dependency, so hosts under private suffixes (github.io,
 * appspot.com, …) count as one site — an approximation that can only make a third-party script look first-party on
 * those shared hosts.
 */
export function siteOf(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, "");
  if (/^[\d.]+$/.test(h) || h.includes(":") || !h.includes(".")) return h;
  const labels = h.split(".");
  const n = labels.length >= 3 && labels.at(-1)!.length === 2 && CC_SECOND_LEVEL.has(labels.at(-2)!) ? 3 : 2;
  return labels.slice(-n).join(".");
}

// Observatory's order from best to worst: a script can only make the result worse.
const WORSE: ObservatoryResultName[] = [
  "sri-implemented-and-all-scripts-loaded-securely",
  "sri-implemented-and-external-scripts-loaded-securely",
  "sri-implemented-but-external-scripts-not-loaded-securely",
  "sri-not-implemented-but-external-scripts-loaded-securely",
  "sri-not-implemented-and-external-scripts-not-loaded-securely",
  "sri-not-implemented-response-not-html",
];
const PASSING = new Set<ObservatoryResultName>([
  "sri-implemented-and-all-scripts-loaded-securely",
  "sri-implemented-and-external-scripts-loaded-securely",
  "sri-not-implemented-response-not-html",
  "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
  "sri-not-implemented-but-no-scripts-loaded",
]);

/**
 * MDN HTTP Observatory test `subresource-integrity` (W3C SRI) on the `<script>` elements of the HTML the server sent.
 * A script is first-party when its `src` is relative, or an absolute http(s) URL on the document's site
 * ({@link siteOf}); protocol-relative `//host/…` sources always count as external and insecure (Observatory's rule).
 * External scripts: with integrity over https → `sri-implemented-and-external-scripts-loaded-securely` (+5), with
 * integrity over http or `//` → `sri-implemented-but-external-scripts-not-loaded-securely` (-20), without integrity
 * over https → `sri-not-implemented-but-external-scripts-loaded-securely` (-5), without integrity over http or `//` →
 * `sri-not-implemented-and-external-scripts-not-loaded-securely` (-50); the worst wins. Only first-party scripts:
 * `…-all-scripts-loaded-from-secure-origin` (or `sri-implemented-and-all-scripts-loaded-securely`, +5, when one carries
 * integrity over https); none → `…-no-scripts-loaded`; a non-HTML document → `…-response-not-html`.
 * @param o.contentType the document's Content-Type (only its media type counts).
 */
export function subresourceIntegrityTest(o: { url: string; contentType?: string; scripts: ScriptTag[] }): ObservatoryTestResult {
  const mime = (o.contentType ?? "").split(";", 1)[0]!.trim().toLowerCase();
  if (mime && mime !== "text/html" && mime !== "application/xhtml+xml") return testResult("subresource-integrity", "sri-not-implemented-response-not-html", true);
  const page = new URL(o.url);
  const pageSite = siteOf(page.hostname);
  let result: ObservatoryResultName | undefined;
  const worsen = (r: ObservatoryResultName) => {
    if (result === undefined || WORSE.indexOf(r) > WORSE.indexOf(result)) result = r;
  };
  let foreign = false;
  const external: Record<string, { integrity: string | null; crossorigin: string | null }> = {};
  for (const s of o.scripts) {
    if (!s.src) continue;
    const protocolRelative = /^\/\/[^/]/.test(s.src);
    const absolute = /^https?:\/\//i.test(s.src);
    const relative = !protocolRelative && !absolute;
    let scheme: string | null = null;
    let sameSite = true;
    if (absolute) {
      try {
        const u = new URL(s.src);
        scheme = u.protocol;
        sameSite = siteOf(u.hostname) === pageSite;
      } catch {
        sameSite = false;
      }
    }
    const secureOrigin = relative || (sameSite && !protocolRelative);
    const secureScheme = scheme === "https:" || (relative && page.protocol === "https:");
    if (secureOrigin) {
      // A bonus even for first-party scripts carrying integrity, as long as nothing worse was seen.
      if (s.integrity && secureScheme && result === undefined) result = "sri-implemented-and-all-scripts-loaded-securely";
      continue;
    }
    foreign = true;
    if (Object.keys(external).length < 30) external[s.src.slice(0, 300)] = { integrity: s.integrity, crossorigin: s.crossorigin };
    if (s.integrity && !secureScheme) worsen("sri-implemented-but-external-scripts-not-loaded-securely");
    else if (!s.integrity && secureScheme) worsen("sri-not-implemented-but-external-scripts-loaded-securely");
    else if (!s.integrity) worsen("sri-not-implemented-and-external-scripts-not-loaded-securely");
  }
  let final: ObservatoryResultName;
  if (o.scripts.length === 0) final = "sri-not-implemented-but-no-scripts-loaded";
  else final = result ?? (foreign ? "sri-implemented-and-external-scripts-loaded-securely" : "sri-not-implemented-but-all-scripts-loaded-from-secure-origin");
  return testResult("subresource-integrity", final, PASSING.has(final), { scripts: external });
}
