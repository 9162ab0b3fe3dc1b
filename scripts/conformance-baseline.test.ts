import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { collapseChecks, evaluateSet, parseBaseline, Requirements, type Check, type RequirementSet } from "./conformance-baseline.mjs";

const root = path.resolve(import.meta.dirname, "..");
const suite = path.join(root, "node_modules", "@modelcontextprotocol", "conformance");
const baselineFile = path.join(root, "e2e", "conformance", "expected-failures.yml");

const check = (id: string, status: Check["status"], errorMessage?: string): Check => ({ id, status, ...(errorMessage ? { errorMessage } : {}) });
const set = (server: string[], notScored: RequirementSet["not_scored"] = []): RequirementSet => ({ server, not_scored: notScored });

describe("parseBaseline", () => {
  it("reads whole-scenario and per-check entries", () => {
    expect(parseBaseline("server:\n  - tools-call-image # why\n  - caching:sep-2549-ttl\n")).toEqual([
      { scenario: "tools-call-image", text: "tools-call-image" },
      { scenario: "caching", checkId: "sep-2549-ttl", text: "caching:sep-2549-ttl" },
    ]);
    expect(parseBaseline("")).toEqual([]);
  });

  it("refuses a space after the colon (a YAML mapping), unknown keys, and a scenario listed whole and per check", () => {
    expect(() => parseBaseline("server:\n  - caching: sep-2549-ttl\n")).toThrow();
    expect(() => parseBaseline("sever:\n  - caching\n")).toThrow();
    expect(() => parseBaseline("server:\n  - caching\n  - caching:sep-2549-ttl\n")).toThrow(/listed whole/);
  });
});

describe("collapseChecks", () => {
  it("keeps the most severe occurrence of a repeated id whatever the order, and every INFO", () => {
    const out = collapseChecks([check("a", "FAILURE"), check("a", "SUCCESS"), check("log", "INFO"), check("b", "SKIPPED"), check("b", "WARNING"), check("log", "INFO")]);
    expect(out.map((c) => `${c.id}=${c.status}`)).toEqual(["a=FAILURE", "log=INFO", "b=WARNING", "log=INFO"]);
  });
});

describe("evaluateSet", () => {
  const run = (results: Record<string, Check[]>, baseline: string, requirements = set(Object.keys(results))) =>
    evaluateSet("2026-07-28", requirements, new Map(Object.entries(results).map(([k, v]) => [k, collapseChecks(v)])), parseBaseline(baseline));

  it("counts a WARNING as a failure, as the suite does under a baseline", () => {
    const r = run({ "sep-2164-resource-not-found": [check("sep-2164-no-empty-contents", "SUCCESS"), check("sep-2164-data-uri", "WARNING", "data.uri missing")] }, "");
    expect(r.unexpected).toEqual([{ scenario: "sep-2164-resource-not-found", checks: [{ check: "sep-2164-data-uri", status: "WARNING", message: "data.uri missing" }], excused: [] }]);
    expect(r.passed).toEqual([]);
  });

  it("a per-check entry excuses that check only; the scenario's other failures stay unexpected", () => {
    const checks = [check("fixture", "FAILURE", "Unknown tool test_x"), check("wire-schema-valid", "SUCCESS")];
    expect(run({ s: checks }, "server: [s:fixture]")).toMatchObject({ expected: [{ scenario: "s", checks: [{ check: "fixture" }] }], unexpected: [], passed: [], stale: [] });
    const r = run({ s: [...checks, check("real", "FAILURE", "wrong status")] }, "server: [s:fixture]");
    expect(r.unexpected).toEqual([{ scenario: "s", checks: [{ check: "real", status: "FAILURE", message: "wrong status" }], excused: [{ check: "fixture", status: "FAILURE", message: "Unknown tool test_x" }] }]);
    expect(r.expected).toEqual([]);
  });

  it("a baselined check or scenario that passes is stale; one that is absent or skipped is tolerated", () => {
    expect(run({ s: [check("fixture", "SUCCESS")] }, "server: [s:fixture]").stale).toEqual(["s:fixture"]);
    expect(run({ s: [check("fixture", "SUCCESS")] }, "server: [s]").stale).toEqual(["s"]);
    const tolerated = run({ s: [check("fixture", "SKIPPED"), check("other", "SUCCESS")] }, "server: [s:fixture, s:never-emitted]");
    expect(tolerated).toMatchObject({ stale: [], unexpected: [], passed: ["s"] });
  });

  it("a required scenario without results is not run; not-scored scenarios are reported, never judged", () => {
    const r = run({ tasks: [check("t", "FAILURE")] }, "", set(["missing"], [{ scenario: "tasks", leg: "server", reason: "extension" }]));
    expect(r).toMatchObject({ required: 1, notRun: ["missing"], unexpected: [], notScored: [{ scenario: "tasks", reason: "extension", passed: 0, failing: [{ check: "t" }] }] });
  });
});

describe("e2e/conformance/expected-failures.yml", () => {
  const text = fs.readFileSync(baselineFile, "utf8");
  const entries = parseBaseline(text);
  const revisions = ["2025-11-25", "2026-07-28"];
  const sets = revisions.map((r) => Requirements.parse(parseYaml(fs.readFileSync(path.join(suite, "requirements", `${r}.yaml`), "utf8"))));
  const scored = new Set(sets.flatMap((s) => s.server));
  const bundle = fs.readFileSync(path.join(suite, "dist", "index.js"), "utf8");

  it("lists per-check entries of scenarios the two requirement sets score, with check ids the pinned suite emits", () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(e.checkId, `${e.text}: whole-scenario entries stop enforcing the scenario's other checks`).toBeDefined();
      expect(scored.has(e.scenario), `${e.text}: scenario required by neither set`).toBe(true);
      // Check ids are string literals in the suite's bundle: a typo or a renamed check shows up here, not as silence.
      expect(bundle.includes(`\`${e.checkId}\``) || bundle.includes(`'${e.checkId}'`) || bundle.includes(`"${e.checkId}"`), `${e.text}: check id not in the suite`).toBe(true);
    }
    expect(new Set(entries.map((e) => e.text)).size).toBe(entries.length);
  });

  it("gives every entry a one-line reason naming the SDK fixture it needs (test_* tool or prompt, test:// resource)", () => {
    const lines = text.split("\n").filter((l) => /^\s*-\s/.test(l));
    expect(lines).toHaveLength(entries.length);
    for (const l of lines) expect(l, "entry with a `# reason` naming a fixture").toMatch(/^\s*- \S+ # .*\b(test_[a-z0-9_]+|test:\/\/\S+)/);
  });
});
