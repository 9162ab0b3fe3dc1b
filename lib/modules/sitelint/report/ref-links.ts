import axePkg from "axe-core/package.json";
import type { FindingRefs } from "../types";
import { WCAG22_UNDERSTANDING } from "./wcag-understanding";

/** One documentation link of a finding's cross-references. */
export type RefLink = { kind: "axe" | "lighthouse" | "wcag" | "observatory"; id: string; label: string; url: string };

/** Deque's rule pages are versioned by axe-core major.minor (`https://dequeuniversity.com/rules/axe/4.10/image-alt`). */
const AXE_DOCS = `https://dequeuniversity.com/rules/axe/${axePkg.version.split(".").slice(0, 2).join(".")}`;
/** Lighthouse groups its audit docs by report category; accessibility audits are axe rules (Lighthouse links to Deque). */
const LIGHTHOUSE_GROUP: Record<string, string> = { seo: "seo", performance: "performance" };
const OBSERVATORY_DOCS = "https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring";
/** Ids as the refs carry them: rule ids and test names are `[a-z0-9-]`, WCAG criteria `1.4.3`; anything else is dropped. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Documentation links for a finding's refs (`findings.refs`): axe-core rules → Deque University (the axe-core version
 * installed), Lighthouse audits → `developer.chrome.com/docs/lighthouse/<seo|performance|best-practices>/<id>`
 * (accessibility audits → the axe rule page, which is what Lighthouse itself links), WCAG success criteria → the W3C
 * WCAG 2.2 "Understanding" page (the index when the number is unknown), MDN HTTP Observatory tests → MDN's "Tests and
 * scoring" page. Ids that are not plain identifiers are skipped, so every URL is built from known-safe parts.
 * @param category the finding's category (picks the Lighthouse docs group).
 * @returns links in the order axe, Lighthouse, WCAG, Observatory; duplicates removed.
 */
export function refLinks(refs: FindingRefs | null | undefined, category: string): RefLink[] {
  if (!refs) return [];
  const out: RefLink[] = [];
  const ids = (list: string[] | undefined) => [...new Set((list ?? []).filter((id) => SAFE_ID.test(id)))];
  for (const id of ids(refs.axe)) out.push({ kind: "axe", id, label: `axe ${id}`, url: `${AXE_DOCS}/${id}` });
  for (const id of ids(refs.lighthouse)) {
    const url = category === "accessibility" ? `${AXE_DOCS}/${id}` : `https://developer.chrome.com/docs/lighthouse/${LIGHTHOUSE_GROUP[category] ?? "best-practices"}/${id}/`;
    out.push({ kind: "lighthouse", id, label: `Lighthouse ${id}`, url });
  }
  for (const id of ids(refs.wcag)) {
    const slug = WCAG22_UNDERSTANDING[id];
    out.push({ kind: "wcag", id, label: `WCAG ${id}`, url: `https://www.w3.org/WAI/WCAG22/Understanding/${slug ?? ""}` });
  }
  for (const id of ids(refs.observatory)) out.push({ kind: "observatory", id, label: `Observatory ${id}`, url: `${OBSERVATORY_DOCS}#${id}` });
  return out;
}
