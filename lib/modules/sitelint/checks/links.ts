import { getEnv } from "@/lib/env";
import type { NetworkGuard } from "@/lib/net/network-guard";
import { urlPathKey } from "../normalize-url";
import type { FindingDraft } from "../types";
import { probeLink, type LinkOutcome } from "./link-probe";

/** One link on a page: absolute normalised URL plus where it sits, for the finding's evidence. */
export type LinkTarget = { url: string; selector?: string; text?: string };

/** Scan-wide memo: target URL → its (pending) outcome, so each target is requested once per scan across pages. */
export type LinkCache = Map<string, Promise<LinkOutcome>>;

export type LinkCheckSummary = {
  findings: FindingDraft[];
  /** Targets with an outcome (fresh or cached). */
  checked: number;
  /** Targets left unchecked because the scan reached its cap. */
  overCap: number;
};

async function pool<T>(items: T[], size: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await run(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

function toFinding(t: LinkTarget, o: LinkOutcome): FindingDraft | undefined {
  const path = urlPathKey(t.url);
  const evidence = { target: t.url, status: o.status ?? null, method: o.method ?? null, finalUrl: o.finalUrl ?? null, error: o.error ?? null, selector: t.selector ?? null, text: t.text ?? null };
  const base = { category: "links" as const, sourceTool: "sitelint-links", selector: t.selector, evidence };
  if (o.kind === "blocked") {
    return {
      ...base, ruleId: "link-blocked", severity: "info", confidence: 0.3, tags: ["links", "bot-blocked"],
      title: `Link to ${path} refused the checker (${o.status})`,
      description: `The server answered ${o.status} to an automated request. Usually bot protection or a login wall, not a broken link; check it in a browser.`,
    };
  }
  if (o.kind === "broken" || o.kind === "unreachable") {
    const transient = o.kind === "unreachable" || (o.status ?? 0) >= 500;
    return {
      ...base, ruleId: "broken-link", severity: o.kind === "unreachable" ? "low" : "medium", confidence: transient ? 0.6 : 0.95, tags: ["links"],
      title: o.status ? `Broken link to ${path} (${o.status})` : `Link to ${path} did not respond`,
      description: o.status ? `The link target answered HTTP ${o.status}.` : `The link target could not be fetched: ${o.error}.`,
      suggestedFix: "Fix the href, restore the target, or redirect (301) the old URL to its replacement.",
    };
  }
  return undefined;
}

/**
 * Check link targets (callers pass same-origin ones) and report `broken-link` (≥ 400 or no response; medium, low for
 * no response) and `link-blocked` (401/403/429/999; info, confidence 0.3). Targets refused by the URL policy are
 * skipped silently (the network guard refuses their connections; the scan summary counts refusals). HEAD with GET
 * fallback, redirects followed by hand up to five hops (see `probeLink`).
 *
 * @param cache shared by all pages of one scan; also bounds the scan to `maxChecks` distinct targets.
 * @param maxChecks default `SITELINT_MAX_LINK_CHECKS`. @param timeoutMs per request, default 10 000 ms.
 * @param concurrency requests in flight for this call, default 8.
 * Never throws for a link problem.
 */
export async function checkLinks({
  targets, cache, net, maxChecks = getEnv().SITELINT_MAX_LINK_CHECKS, timeoutMs = 10_000, concurrency = 8,
}: { targets: LinkTarget[]; cache: LinkCache; net: NetworkGuard; maxChecks?: number; timeoutMs?: number; concurrency?: number }): Promise<LinkCheckSummary> {
  // Indexed by target so findings come out in the page's link order although workers finish out of order.
  const byTarget: (FindingDraft | undefined)[] = [];
  let checked = 0;
  let overCap = 0;
  await pool(targets, concurrency, async (t, i) => {
    let outcome = cache.get(t.url);
    if (!outcome) {
      if (cache.size >= maxChecks) {
        overCap++;
        return;
      }
      // Claim the slot synchronously so concurrent pages share one request.
      outcome = probeLink(t.url, { net, timeoutMs });
      cache.set(t.url, outcome);
    }
    const o = await outcome;
    checked++;
    byTarget[i] = toFinding(t, o);
  });
  return { findings: byTarget.filter((f): f is FindingDraft => !!f), checked, overCap };
}
