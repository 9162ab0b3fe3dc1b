/** Parsed policies: directive (lower-case) → its sources (lower-case, quotes kept: `'self'`). */
export type CspDirectives = Map<string, Set<string>>;

/** A policy list that cannot be parsed the way MDN HTTP Observatory parses it. */
export class CspSyntaxError extends Error {}

/** Shorter policies are invalid: Observatory accepts nothing shorter than `img-src` minus one character. */
const SHORTEST_POLICY = "img-src".length - 1;
/** Directives a `<meta http-equiv>` policy cannot set (HTML §4.2.5.3, CSP Level 3 §6.1). */
const NOT_IN_META = ["frame-ancestors", "report-uri", "sandbox"];
const ALLOWED_DUPLICATES = new Set(["report-uri", "report-to"]);
const collate = new Intl.Collator("en").compare;

type Source = { source: string; index: number; keep: boolean };

/**
 * Whether a source of one policy admits a source of another (Observatory `pathPartMatch`): an empty `a` admits
 * everything, `a` ending in `/` admits paths below it, otherwise the path parts must match exactly.
 */
function pathPartMatch(a: string, b: string): boolean {
  if (a.length === 0 || (a === "/" && b.length === 0)) return true;
  const exact = !a.endsWith("/");
  const partsA = a.split("/");
  const partsB = b.split("/");
  if (partsA.length > partsB.length || (exact && partsA.length !== partsB.length)) return false;
  if (!exact) partsA.pop();
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return partsA.every((p, i) => partsB[i] !== undefined && decode(p) === decode(partsB[i]!));
}

/**
 * Parse a list of CSP policies (each one header value or `<meta>` content, already split at commas) into the
 * directives in effect when all are enforced, following MDN HTTP Observatory `src/analyzer/cspParser.js` `parseCsp`:
 * directives and sources are lower-cased; a source list with no sources is `'none'`; a source longer than another of
 * the same policy it starts with is dropped; with several policies, a source survives only where the other policies
 * admit it (path-prefix match, {@link pathPartMatch}), and a directive left with nothing becomes `'none'`.
 *
 * @returns the effective directives and the repeated `report-uri` / `report-to` names (allowed, but reported).
 * @throws CspSyntaxError for an empty or too-short policy, or a directive repeated inside one policy (other than
 *   report-uri / report-to) — Observatory's `csp-header-invalid`.
 */
export function parseCspPolicies(policies: string[]): { directives: CspDirectives; duplicates: Set<string> } {
  const clean = policies.map((p) => p.replace(/[\r\n]/g, "").trim());
  const duplicates = new Set<string>();
  const csp = new Map<string, Source[]>();
  for (const p of clean) if (p.length < SHORTEST_POLICY) throw new CspSyntaxError(`Invalid policy: "${p}"`);
  clean.forEach((policy, index) => {
    const seen = new Set<string>();
    for (const entry of policy.split(";")) {
      const [name, ...values] = entry.trim().split(/\s+/);
      if (!name) continue;
      const directive = name.toLowerCase();
      if (seen.has(directive)) {
        if (!ALLOWED_DUPLICATES.has(directive)) throw new CspSyntaxError(`Directive ${directive} repeated in policy ${index + 1}`);
        duplicates.add(directive);
      }
      seen.add(directive);
      const keep = index === 0;
      const sources: Source[] = values.length > 0 ? values.map((v) => ({ source: v.toLowerCase(), index, keep })) : directive.endsWith("-src") ? [{ source: "'none'", index, keep }] : [];
      const combined = index === 0 ? sources : [...(csp.get(directive) ?? []), ...sources];
      combined.sort((a, b) => collate(a.source, b.source));
      for (let i = 1; i < combined.length; i++) {
        const cur = combined[i]!;
        const prev = combined[i - 1]!;
        // Within one policy, https://a.test/foobar adds nothing to https://a.test/foo.
        if (cur.index === prev.index && cur.source.startsWith(prev.source)) cur.keep = false;
        // Across policies, a source counts only where the other policy admits it too.
        if (cur.index !== prev.index && pathPartMatch(prev.source, cur.source)) cur.keep = true;
      }
      csp.set(directive, combined.filter((s) => s.keep));
      // With more policies to come, the first one's sources must earn their place again in each comparison.
      if (index === 0 && clean.length > 1) for (const s of csp.get(directive) ?? []) s.keep = false;
    }
  });
  const directives: CspDirectives = new Map([...csp].map(([d, list]) => [d, list.length > 0 ? new Set(list.map((s) => s.source)) : new Set(["'none'"])]));
  return { directives, duplicates };
}

/** {@link parseCspPolicies} for `<meta http-equiv>` policies, without the directives a meta policy cannot set. */
export function parseMetaCspPolicies(policies: string[]): { directives: CspDirectives; duplicates: Set<string> } {
  const parsed = parseCspPolicies(policies);
  for (const d of NOT_IN_META) parsed.directives.delete(d);
  return parsed;
}

/** Split raw CSP field values into policies: commas separate policies (RFC 9110 §5.3 folding, CSP Level 3 §2.2). */
export function splitCspPolicies(values: string[]): string[] {
  return values.flatMap((v) => v.split(",").map((s) => s.trim()));
}
