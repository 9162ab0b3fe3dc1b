import { getEnv } from "@/lib/env";
import type { NetworkGuard } from "@/lib/net/network-guard";
import { hostVerdict } from "@/lib/net/url-policy";
import { urlPathKey } from "../normalize-url";
import { createHostGate, type HostGate } from "../politeness";
import type { FindingDraft } from "../types";
import { probeLink, type LinkOutcome } from "./link-probe";

/** One link on a page: absolute normalised URL plus where it sits, for the finding's evidence. `external`: on
 * another origin than the page. */
export type LinkTarget = { url: string; selector?: string; text?: string; external?: boolean };

/** Scan-wide memo: target URL → its (pending) outcome, so each target is requested once per scan across pages. Build
 * it with {@link createLinkCache} to give it the scan's politeness; a plain `new Map()` gets defaults. */
export type LinkCache = Map<string, Promise<LinkOutcome>>;

/** Most distinct external (other-origin) targets one scan checks; requests in flight per external host. */
export const MAX_EXTERNAL_CHECKS = 200;
const EXTERNAL_PER_HOST = 2;

type CacheState = { internal: number; external: number; gate: HostGate; externalGate: HostGate; maxExternal: number };
const states = new WeakMap<LinkCache, CacheState>();

/**
 * A scan's {@link LinkCache} with its politeness: same-origin checks at most `maxConcurrentPerHost` requests in flight
 * to the host, external ones 2 per host; request starts to one host at least `delayMs` apart; `Retry-After` pauses
 * the host for the whole scan. Bounded to `maxExternal` (default 200) distinct external targets.
 */
export function createLinkCache(o: { maxConcurrentPerHost?: number; delayMs?: number; maxExternal?: number } = {}): LinkCache {
  const cache: LinkCache = new Map();
  states.set(cache, newState(o));
  return cache;
}

function newState(o: { maxConcurrentPerHost?: number; delayMs?: number; maxExternal?: number }): CacheState {
  return {
    internal: 0,
    external: 0,
    gate: createHostGate({ maxConcurrent: o.maxConcurrentPerHost ?? 8, delayMs: o.delayMs }),
    externalGate: createHostGate({ maxConcurrent: EXTERNAL_PER_HOST, delayMs: o.delayMs }),
    maxExternal: o.maxExternal ?? MAX_EXTERNAL_CHECKS,
  };
}

/** The state of a cache; a plain `Map` (not from {@link createLinkCache}) gets defaults on first use. */
function stateOf(cache: LinkCache): CacheState {
  let s = states.get(cache);
  if (!s) states.set(cache, (s = { ...newState({}), internal: cache.size }));
  return s;
}

/**
 * With an allowlist set, a host not on it by name is allowed only through the addresses it resolves to; when it
 * resolves to nothing, the policy could not admit it — a policy refusal (skipped), not a dead link. Without an
 * allowlist, a DNS failure stays a broken link.
 */
function outsideAllowlist(url: string, o: LinkOutcome, net: NetworkGuard): boolean {
  if (o.kind !== "unreachable" || !/ENOTFOUND|EAI_AGAIN/.test(o.error ?? "")) return false;
  const policy = net.options.policy;
  if (!policy.allowlist.length) return false;
  const u = new URL(url);
  return hostVerdict(u.hostname.replace(/^\[|\]$/g, ""), u.port || (u.protocol === "https:" ? "443" : "80"), policy) !== "allowlisted";
}

export type LinkCheckSummary = {
  findings: FindingDraft[];
  /** Targets with an outcome (fresh or cached). */
  checked: number;
  /** Targets left unchecked because the scan reached its cap (same-origin or external). */
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
  const where = t.external ? `${new URL(t.url).host}${urlPathKey(t.url)}` : urlPathKey(t.url);
  const evidence = {
    target: t.url, status: o.status ?? null, method: o.method ?? null, finalUrl: o.finalUrl ?? null, redirects: o.redirects ?? [],
    error: o.error ?? null, selector: t.selector ?? null, text: t.text ?? null, external: !!t.external,
    ...(o.retryAfterMs !== undefined ? { retry_after_ms: o.retryAfterMs, retried: !!o.retried } : {}),
  };
  const base = { category: "links" as const, sourceTool: "sitelint-links", selector: t.selector };
  if (o.kind === "blocked") {
    return {
      ...base, evidence: { ...evidence, blocked: true }, ruleId: "link-blocked", severity: "info", confidence: 0.3, tags: ["links", "bot-blocked"],
      title: `Link to ${where} refused the checker (${o.status})`,
      description: `The server answered ${o.status} to an automated request${o.retried ? " again after waiting its Retry-After" : ""}. Usually bot protection, a login wall or rate limiting, not a broken link; check it in a browser.`,
    };
  }
  if (o.kind === "broken" || o.kind === "unreachable") {
    const transient = o.kind === "unreachable" || (o.status ?? 0) >= 500;
    return {
      ...base, evidence, ruleId: "broken-link", severity: o.kind === "unreachable" ? "low" : "medium", confidence: transient ? 0.6 : 0.95, tags: t.external ? ["links", "external"] : ["links"],
      title: o.status ? `Broken ${t.external ? "external " : ""}link to ${where} (${o.status})` : `${t.external ? "External link" : "Link"} to ${where} did not respond`,
      description: o.status ? `The link target answered HTTP ${o.status}${o.redirects?.length ? ` after ${o.redirects.length} redirect(s)` : ""}.` : `The link target could not be fetched: ${o.error}.`,
      suggestedFix: t.external ? "Update or remove the link: the other site moved or removed the page." : "Fix the href, restore the target, or redirect (301) the old URL to its replacement.",
    };
  }
  return undefined;
}

/**
 * Check link targets and report `broken-link` (404/410/5xx, DNS failure or no response; medium, low for no response)
 * and `link-blocked` (401/403/429/999, or 503 with `Retry-After`; info, confidence 0.3, `evidence.blocked`) — blocked
 * is never reported as broken. Same-origin and external (`target.external`, other origins) targets alike: HEAD with GET
 * fallback on 405/501/any HEAD failure, redirects followed by hand up to five hops (the chain in
 * `evidence.redirects`), `Retry-After` ≤ 60 s waited once (see `probeLink`). Targets refused by the URL policy are
 * skipped silently (policy refusals are not broken links; the scan summary counts them).
 *
 * @param cache shared by all pages of one scan ({@link createLinkCache}): each target is requested once per scan, at
 *   most `maxChecks` same-origin and min(`maxChecks`, 200) external distinct targets, with the scan's per-host
 *   politeness. @param maxChecks default `SITELINT_MAX_LINK_CHECKS`. @param timeoutMs per request, default 10 000 ms.
 * @param concurrency targets in flight for this call, default 8 (per-host limits apply below it).
 * Never throws for a link problem.
 */
export async function checkLinks({
  targets, cache, net, maxChecks = getEnv().SITELINT_MAX_LINK_CHECKS, timeoutMs = 10_000, concurrency = 8,
}: { targets: LinkTarget[]; cache: LinkCache; net: NetworkGuard; maxChecks?: number; timeoutMs?: number; concurrency?: number }): Promise<LinkCheckSummary> {
  const state = stateOf(cache);
  // Indexed by target so findings come out in the page's link order although workers finish out of order.
  const byTarget: (FindingDraft | undefined)[] = [];
  let checked = 0;
  let overCap = 0;
  await pool(targets, concurrency, async (t, i) => {
    let outcome = cache.get(t.url);
    if (!outcome) {
      const full = t.external ? state.external >= Math.min(maxChecks, state.maxExternal) : state.internal >= maxChecks;
      if (full) {
        overCap++;
        return;
      }
      if (t.external) state.external++;
      else state.internal++;
      // Claim the slot synchronously so concurrent pages share one request.
      outcome = probeLink(t.url, { net, timeoutMs, gate: t.external ? state.externalGate : state.gate });
      cache.set(t.url, outcome);
    }
    const o = outsideAllowlist(t.url, await outcome, net) ? { kind: "skipped" as const, error: "not on the URL allowlist" } : await outcome;
    checked++;
    byTarget[i] = toFinding(t, o);
  });
  return { findings: byTarget.filter((f): f is FindingDraft => !!f), checked, overCap };
}
