import fs from "node:fs/promises";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { systemResolver } from "@/lib/net/resolver";
import { createLocalObjectStore } from "@/lib/object-store/local";
import type { ObjectStore } from "@/lib/object-store/types";
import { A11Y_TESTER_WCAG_VIOLATIONS, corpusDir } from "@/e2e/support/corpus";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { auditPage, type AuditPageOptions } from "./audit-page";
import { LIGHTHOUSE_COMMIT } from "./checks/refs";
import { robotsTxtFindings } from "./checks/robots-txt";
import { fetchRobots } from "./robots";
import { closeSharedBrowser, withSharedBrowser } from "./shared-browser";
import type { FindingDraft, PageAuditResult } from "./types";

/*
 * Lighthouse's own smoke expectations, GoogleChrome/lighthouse at commit f8eac394a68b90109078bba44cafbec7ceb9026a
 * (= LIGHTHOUSE_COMMIT), cli/test/smokehouse/test-definitions/{a11y,seo-passing,seo-failing,seo-mixed-language}.js,
 * replayed against SiteLint on the same fixtures (../shared/corpus/sites/lighthouse, copied from cli/test/fixtures).
 * "fails" = `score: 0` there; "passes" = `score: 1` with no items; informative audits (score 1 but items listed)
 * and not-applicable ones are listed apart.
 */

/** a11y.js: audits with `score: 0`. */
const A11Y_FAILS = [
  "accesskeys", "aria-allowed-attr", "aria-command-name", "aria-conditional-attr", "aria-deprecated-role", "aria-dialog-name",
  "aria-hidden-focus", "aria-input-field-name", "aria-meter-name", "aria-progressbar-name", "aria-prohibited-attr",
  "aria-required-children", "aria-required-parent", "aria-roles", "aria-text", "aria-toggle-field-name", "aria-tooltip-name",
  "aria-treeitem-name", "aria-valid-attr", "aria-valid-attr-value", "button-name", "color-contrast", "definition-list", "dlitem",
  "document-title", "frame-title", "heading-order", "html-has-lang", "image-alt", "input-button-name", "input-image-alt",
  "label-content-name-mismatch", "landmark-one-main", "link-in-text-block", "link-name", "list", "listitem", "meta-viewport",
  "object-alt", "select-name", "skip-link", "tabindex", "table-fake-caption", "target-size", "td-has-header", "td-headers-attr",
  "valid-lang",
];
/**
 * a11y.js: informative audits (score 1) whose details still list the failing nodes — axe violations, or axe
 * "incomplete" results, which Lighthouse folds into informative audits. SiteLint reports them too: violations as
 * findings, incomplete results as needs-review findings (standard profile).
 */
const A11Y_INFORMATIVE_WITH_ITEMS = [
  "aria-allowed-role", "duplicate-id-aria", "empty-heading", "form-field-multiple-labels", "identical-links-same-purpose",
  "image-redundant-alt", "table-duplicate-name",
];
/** a11y.js: passing (`aria-hidden-body`, no items) and not applicable (`bypass`, `html-xml-lang-mismatch`). */
const A11Y_NOT_REPORTED = ["aria-hidden-body", "bypass", "html-xml-lang-mismatch"];

/** seo-passing.js (seo-tester.html): `crawlable-anchors` fails with 2 items, everything else passes. */
const SEO_PASSING = {
  fails: { "crawlable-anchors": 2 },
  passes: ["document-title", "meta-description", "http-status-code", "link-text", "is-crawlable", "hreflang", "canonical", "robots-txt"],
};
/** seo-failing.js (seo-failure-cases.html with its extra headers). */
const SEO_FAILING = {
  fails: ["document-title", "meta-description", "crawlable-anchors", "link-text", "is-crawlable", "hreflang", "canonical"],
  passes: ["http-status-code"],
  items: { "crawlable-anchors": 3, "is-crawlable": 2, hreflang: 5 },
  linkText: [
    { text: "click this", textLang: undefined }, { text: "click this", textLang: undefined }, { text: "CLICK THIS", textLang: undefined },
    { text: "klicke hier", textLang: "de" }, { text: "click this", textLang: undefined },
  ],
  canonical: "Multiple conflicting URLs (https://example.com/other, https://example.com/)",
};
/** seo-mixed-language.js: `link-text` fails with these 15 items. */
const SEO_MIXED_LINK_TEXT = [
  { text: "Start", textLang: "en-US" }, { text: "click here", textLang: undefined }, { text: "here", textLang: "en" },
  { text: "here", textLang: "en" }, { text: "here", textLang: "en" }, { text: "click here", textLang: "en" },
  { text: "click here", textLang: "en" }, { text: "here", textLang: "en" }, { text: "here", textLang: "en" },
  { text: "click here", textLang: "en" }, { text: "click here", textLang: "en" }, { text: "here", textLang: "en" },
  { text: "here", textLang: "en" }, { text: "hier", textLang: "de" }, { text: "start", textLang: "en" },
];

/** seo-passing.js / seo-failing.js `headersParam`: the query string Lighthouse's static server turns into headers. */
const headersParam = (headers: [string, string][]) =>
  new URLSearchParams([["extra_header", new URLSearchParams(headers).toString()]]).toString();
const PASS_HEADERS = headersParam([["link", '<http://localhost:10200/seo/>; rel="canonical"']]);
const FAILURE_HEADERS = headersParam([
  ["x-robots-tag", "none"],
  ["link", '<http://example.com>;rel="alternate";hreflang="xx"'],
  ["link", '<https://example.com>; rel="canonical"'],
]);

/**
 * Lighthouse's cli/test/fixtures/static-server.js `extra_header` handling: each safelisted name/value pair of the
 * parameter becomes a response header, repeated names sent as separate header lines.
 */
const HEADER_SAFELIST = new Set(["x-robots-tag", "link", "content-security-policy", "set-cookie"]);
const withExtraHeaders = (root: string): http.RequestListener => async (req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const body = await fs.readFile(path.join(root, url.pathname));
  const headers: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(url.searchParams.get("extra_header") ?? "")) {
    if (HEADER_SAFELIST.has(name.toLowerCase())) (headers[name] ??= []).push(value);
  }
  res.setHeader("content-type", "text/html; charset=utf-8");
  for (const [name, values] of Object.entries(headers)) res.setHeader(name, values);
  res.end(body);
};

const corpus = corpusDir();
const lhRefs = (f: FindingDraft[]) => new Set(f.flatMap((x) => x.refs?.lighthouse ?? []));
const byRef = (f: FindingDraft[], audit: string) => f.filter((x) => x.refs?.lighthouse?.includes(audit));
const items = (f: FindingDraft | undefined) => (f?.evidence?.count as number | undefined) ?? (f?.evidence?.sources as unknown[] | undefined)?.length;

describe.skipIf(!corpus)(`Lighthouse smoke expectations (lighthouse@${LIGHTHOUSE_COMMIT.slice(0, 8)}) replayed on SiteLint`, () => {
  let site: StaticServer;
  let store: ObjectStore;
  let origin: string;
  // The fixtures name `localhost` (seo-tester.html's canonical is http://localhost:10200/seo/), so pages are loaded as
  // localhost; the test resolver pins that name to the loopback server, which the policy allowlists.
  const net: AuditPageOptions["net"] = {
    policy: { allowlist: ["127.0.0.1"], denylist: [] },
    resolve: (host) => (host === "localhost" ? Promise.resolve(["127.0.0.1"]) : systemResolver(host)),
  };
  const audit = (pathAndQuery: string, profile: AuditPageOptions["profile"] = "quick"): Promise<PageAuditResult> =>
    withSharedBrowser((browser) => auditPage({ browser, url: origin + pathAndQuery, viewport: "desktop", profile, objectStore: store, net, timeoutMs: 20_000 }));

  beforeAll(async () => {
    const root = path.join(corpus!, "sites/lighthouse");
    store = createLocalObjectStore(await fs.mkdtemp(path.join(os.tmpdir(), "oa-lh-fixtures-")));
    site = await startStaticServer({
      root,
      routes: { "/seo/seo-tester.html": withExtraHeaders(root), "/seo/seo-failure-cases.html": withExtraHeaders(root) },
    });
    origin = site.origin.replace("127.0.0.1", "localhost");
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
  });

  it("a11y.js on a11y_tester.html: every failing audit reported with its refs, passing/not-applicable ones not", async () => {
    const r = await audit("/a11y/a11y_tester.html", "standard");
    expect(r.status).toBe("ok");
    const axe = r.findings.filter((f) => f.sourceTool === "axe-core");
    const violations = axe.filter((f) => !f.tags.includes("needs-review"));
    for (const id of A11Y_FAILS) {
      const f = violations.find((x) => x.ruleId === id);
      expect(f, `Lighthouse fails ${id}`).toBeDefined();
      expect(f!.refs).toMatchObject({ axe: [id], lighthouse: [id] });
    }
    expect(violations.find((f) => f.ruleId === "image-alt")?.refs?.wcag).toEqual(["1.1.1"]);
    expect(violations.find((f) => f.ruleId === "target-size")?.refs?.wcag).toEqual(["2.5.8"]);
    for (const id of A11Y_INFORMATIVE_WITH_ITEMS) expect(axe.map((f) => f.ruleId), `Lighthouse lists ${id}`).toContain(id);
    for (const id of A11Y_NOT_REPORTED) expect(lhRefs(axe), `Lighthouse passes ${id}`).not.toContain(id);
    // Every axe finding names its axe rule; every rule Lighthouse audits also names the audit.
    for (const f of axe) expect(f.refs?.axe).toEqual([f.ruleId]);
    // Rules Lighthouse turns off never run, nor best-practice rules it does not enable (region fires here when enabled).
    expect(axe.map((f) => f.ruleId)).not.toContain("nested-interactive");
    expect(axe.map((f) => f.ruleId)).not.toContain("region");
    const review = axe.filter((f) => f.tags.includes("needs-review"));
    expect(review.length).toBeGreaterThan(0);
    expect(review.every((f) => f.severity === "info" && f.confidence === 0.5)).toBe(true);
  });

  it("quick profile: exactly the violations of A11Y_TESTER_WCAG_VIOLATIONS, no needs-review results", async () => {
    const r = await audit("/a11y/a11y_tester.html", "quick");
    expect(r.findings.some((f) => f.tags.includes("needs-review"))).toBe(false);
    expect([...new Set(r.findings.filter((f) => f.sourceTool === "axe-core").map((f) => f.ruleId))].sort()).toEqual(A11Y_TESTER_WCAG_VIOLATIONS);
  });

  it("seo-passing.js on seo-tester.html (Link: rel=canonical header): only crawlable-anchors fails, with 2 anchors", async () => {
    const r = await audit(`/seo/seo-tester.html?${PASS_HEADERS}`);
    expect(r.status).toBe("ok");
    const refs = lhRefs(r.findings);
    for (const [id, count] of Object.entries(SEO_PASSING.fails)) {
      expect(refs, `Lighthouse fails ${id}`).toContain(id);
      expect(items(byRef(r.findings, id)[0])).toBe(count);
    }
    for (const id of SEO_PASSING.passes) expect(refs, `Lighthouse passes ${id}`).not.toContain(id);
    // robots-txt is site-level: the integrator runs it once per scan on the fetched robots.txt.
    const robots = await fetchRobots(origin, createNetworkGuard(net));
    expect(robots).toMatchObject({ found: true, status: 200 });
    expect(robotsTxtFindings(robots)).toEqual([]);
  });

  it("seo-failing.js on seo-failure-cases.html (X-Robots-Tag: none, hreflang and canonical Link headers)", async () => {
    const r = await audit(`/seo/seo-failure-cases.html?${FAILURE_HEADERS}`);
    expect(r.status).toBe("ok");
    const refs = lhRefs(r.findings);
    for (const id of SEO_FAILING.fails) expect(refs, `Lighthouse fails ${id}`).toContain(id);
    for (const id of SEO_FAILING.passes) expect(refs, `Lighthouse passes ${id}`).not.toContain(id);
    for (const [id, count] of Object.entries(SEO_FAILING.items)) {
      const seo = byRef(r.findings, id).find((f) => f.category === "seo");
      expect(items(seo), `${id} items`).toBe(count);
    }
    const linkText = r.findings.find((f) => f.ruleId === "seo-link-text");
    expect((linkText?.evidence?.links as { text: string; textLang: string | null }[]).map((l) => ({ text: l.text, textLang: l.textLang ?? undefined }))).toEqual(SEO_FAILING.linkText);
    expect(r.findings.find((f) => f.ruleId === "seo-canonical")?.description).toBe(SEO_FAILING.canonical);
    expect(r.findings.find((f) => f.ruleId === "seo-noindex")).toMatchObject({
      severity: "high",
      evidence: { sources: [{ source: '<meta name="robots">', value: "nofollow, NOINDEX, all" }, { source: "X-Robots-Tag header", value: "none" }] },
    });
  });

  it("seo-mixed-language.js on seo-mixed-language.html: link-text picks the list by the link text's language", async () => {
    const r = await audit("/seo/seo-mixed-language.html");
    const linkText = r.findings.find((f) => f.ruleId === "seo-link-text");
    expect(linkText?.refs?.lighthouse).toEqual(["link-text"]);
    expect((linkText?.evidence?.links as { text: string; textLang: string | null }[]).map((l) => ({ text: l.text, textLang: l.textLang ?? undefined }))).toEqual(SEO_MIXED_LINK_TEXT);
  });
});
