import type { FindingRefs } from "../types";

/**
 * Where the tables below were read: GoogleChrome/lighthouse at commit f8eac394a68b90109078bba44cafbec7ceb9026a
 * (Lighthouse 13.4.1) — `core/config/default-config.js` (the `accessibility` and `seo` categories' `auditRefs`) and the
 * `meta.id` of each `core/audits/accessibility/*.js` and `core/audits/seo/*.js`.
 */
export const LIGHTHOUSE_COMMIT = "f8eac394a68b90109078bba44cafbec7ceb9026a";

/**
 * axe rule id → Lighthouse audit id, for every axe-backed audit of Lighthouse's accessibility category. At this commit
 * each audit's `meta.id` is the axe rule id it reads (`AxeAudit` looks results up by `this.meta.id`), so the table is
 * an identity map — kept as a table so a rule that axe runs but Lighthouse has no audit for (e.g. `p-as-heading`,
 * `avoid-inline-spacing`) gets no `lighthouse` ref, and a future rename is a one-line change.
 */
const AXE_TO_LIGHTHOUSE: Readonly<Record<string, string>> = Object.fromEntries(
  [
    "accesskeys", "aria-allowed-attr", "aria-allowed-role", "aria-command-name", "aria-conditional-attr", "aria-deprecated-role",
    "aria-dialog-name", "aria-hidden-body", "aria-hidden-focus", "aria-input-field-name", "aria-meter-name", "aria-progressbar-name",
    "aria-prohibited-attr", "aria-required-attr", "aria-required-children", "aria-required-parent", "aria-roles", "aria-text",
    "aria-toggle-field-name", "aria-tooltip-name", "aria-treeitem-name", "aria-valid-attr-value", "aria-valid-attr", "autocomplete-valid",
    "button-name", "bypass", "color-contrast", "definition-list", "dlitem", "document-title", "duplicate-id-aria", "empty-heading",
    "form-field-multiple-labels", "frame-title", "heading-order", "html-has-lang", "html-lang-valid", "html-xml-lang-mismatch",
    "identical-links-same-purpose", "image-alt", "image-redundant-alt", "input-button-name", "input-image-alt",
    "label-content-name-mismatch", "label", "landmark-one-main", "link-in-text-block", "link-name", "list", "listitem", "meta-refresh",
    "meta-viewport", "object-alt", "presentation-role-conflict", "select-name", "skip-link", "svg-img-alt", "tabindex",
    "table-duplicate-name", "table-fake-caption", "target-size", "td-has-header", "td-headers-attr", "th-has-data-cells", "valid-lang",
    "video-caption",
  ].map((id) => [id, id]),
);

/**
 * SiteLint SEO rule id → Lighthouse SEO audit id (`core/audits/seo/*.js`, plus `document-title`, which Lighthouse's SEO
 * category borrows from its axe audits). Rules absent here have no Lighthouse counterpart: `seo-h1`,
 * `seo-canonical-missing` (Lighthouse calls a page without canonical "not applicable"), and `seo-structured-data`
 * (Lighthouse 13's `structured-data` is a manual audit that checks nothing).
 */
const SEO_TO_LIGHTHOUSE: Readonly<Record<string, string>> = {
  "seo-title": "document-title",
  "seo-meta-description": "meta-description",
  "http-status": "http-status-code",
  "seo-link-text": "link-text",
  "seo-crawlable-anchors": "crawlable-anchors",
  "seo-noindex": "is-crawlable",
  "seo-robots-txt": "robots-txt",
  "seo-hreflang": "hreflang",
  "seo-canonical": "canonical",
};

/** SiteLint rules that restate an axe rule (SEO's document-title is axe's `document-title` in Lighthouse). */
const SEO_TO_AXE: Readonly<Record<string, string>> = { "seo-title": "document-title" };

/**
 * The Lighthouse audit id matching a SiteLint rule id or an axe rule id (Lighthouse 13, commit {@link LIGHTHOUSE_COMMIT}).
 * @returns e.g. `lighthouseRefFor("seo-noindex")` → `"is-crawlable"`, `lighthouseRefFor("image-alt")` → `"image-alt"`;
 *   `undefined` when Lighthouse has no such audit.
 */
export function lighthouseRefFor(ruleId: string): string | undefined {
  return SEO_TO_LIGHTHOUSE[ruleId] ?? AXE_TO_LIGHTHOUSE[ruleId];
}

/** axe tags naming one success criterion: principle and guideline are one digit each in WCAG 2.x, the rest is the criterion. */
const SC_TAG = /^wcag([1-4])(\d)(\d{1,2})$/;

/**
 * WCAG 2.x success criteria named by axe-core tags (axe-core `doc/rule-descriptions.md` tag scheme: `wcag111` = SC
 * 1.1.1, `wcag1412` = SC 1.4.12, `wcag2411` = SC 2.4.11). Level/version tags (`wcag2a`, `wcag21aa`, `wcag22aa`,
 * `wcag2a-obsolete`) and non-WCAG tags are ignored.
 * @returns criteria as "x.y.z", deduplicated, in tag order.
 */
export function wcagCriteriaFromTags(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    const m = SC_TAG.exec(tag);
    if (m) out.add(`${m[1]}.${m[2]}.${Number(m[3])}`);
  }
  return [...out];
}

/**
 * `refs` for an axe-core finding: `{ axe: [ruleId], wcag: criteria from its tags, lighthouse: [audit] }`, the last two
 * only when non-empty.
 */
export function axeRefs(ruleId: string, tags: readonly string[]): FindingRefs {
  const wcag = wcagCriteriaFromTags(tags);
  const lighthouse = lighthouseRefFor(ruleId);
  return { axe: [ruleId], ...(wcag.length ? { wcag } : {}), ...(lighthouse ? { lighthouse: [lighthouse] } : {}) };
}

/** `refs` for a SiteLint SEO finding: its Lighthouse audit (and the axe rule it restates), or undefined when it has none. */
export function seoRefs(ruleId: string): FindingRefs | undefined {
  const lighthouse = SEO_TO_LIGHTHOUSE[ruleId];
  const axe = SEO_TO_AXE[ruleId];
  if (!lighthouse && !axe) return undefined;
  return { ...(lighthouse ? { lighthouse: [lighthouse] } : {}), ...(axe ? { axe: [axe] } : {}) };
}
