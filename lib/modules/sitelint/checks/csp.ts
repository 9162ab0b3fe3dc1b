/** One parsed CSP policy: directive name (lower-case) → source list (as written, `'self'` keeps its quotes). */
export type CspPolicy = Map<string, string[]>;

/**
 * Parse a Content-Security-Policy value into policies (CSP Level 3 §2.2: policies are comma-separated, directives
 * semicolon-separated; the first occurrence of a repeated directive wins).
 */
export function parseCsp(value: string): CspPolicy[] {
  return value
    .split(",")
    .map((policy) => {
      const map: CspPolicy = new Map();
      for (const raw of policy.split(";")) {
        const [name, ...sources] = raw.trim().split(/\s+/);
        if (!name) continue;
        const key = name.toLowerCase();
        if (!map.has(key)) map.set(key, sources);
      }
      return map;
    })
    .filter((p) => p.size > 0);
}

const NONCE_OR_HASH = /^'(nonce-|sha256-|sha384-|sha512-)/i;

/**
 * Why a policy does not stop injected scripts, following MDN HTTP Observatory's CSP test: no `script-src` nor
 * `default-src`; `'unsafe-inline'` not neutralised by a nonce, hash or `'strict-dynamic'`; `'unsafe-eval'`; or a
 * source that admits any host (`*`, `http:`, `https:`, `data:`) without `'strict-dynamic'`.
 * @returns human-readable reasons; empty when the policy restricts scripts.
 */
export function cspScriptWeaknesses(policy: CspPolicy): string[] {
  const sources = policy.get("script-src") ?? policy.get("default-src");
  const directive = policy.has("script-src") ? "script-src" : "default-src";
  if (!sources) return ["no script-src or default-src directive, so scripts are not restricted"];
  const lower = sources.map((s) => s.toLowerCase());
  const strictDynamic = lower.includes("'strict-dynamic'");
  const reasons: string[] = [];
  if (lower.includes("'unsafe-inline'") && !strictDynamic && !lower.some((s) => NONCE_OR_HASH.test(s))) {
    reasons.push(`${directive} allows 'unsafe-inline' (inline scripts and event handlers run)`);
  }
  if (lower.includes("'unsafe-eval'")) reasons.push(`${directive} allows 'unsafe-eval'`);
  const broad = lower.filter((s) => s === "*" || s === "http:" || s === "https:" || s === "data:");
  if (broad.length > 0 && !strictDynamic) reasons.push(`${directive} admits any source (${broad.join(" ")})`);
  return reasons;
}

/** True when some policy sets `frame-ancestors` without `*` (CSP Level 2 clickjacking protection). */
export function hasFrameAncestors(policies: CspPolicy[]): boolean {
  return policies.some((p) => {
    const v = p.get("frame-ancestors");
    return v !== undefined && !v.includes("*");
  });
}
