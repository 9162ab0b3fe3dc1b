import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assertMetrics, sampleSum } from "./metrics";
import { objectPath, refDigest, refMatchesStore } from "./objects";
import { parseSmokeOptions } from "./options";

const HEX = "ab".repeat(32);
const root = "/repo";

describe("smoke options", () => {
  it("reads the base URL, the store, the legacy ref and the operator's password", () => {
    const o = parseSmokeOptions(["https://oa.example/some/path", "--legacy-ref", `sha256/${HEX}`, "--legacy-receipt", "rcpt_1"], { SMOKE_OPERATOR_PASSWORD: "pw" }, root);
    expect(o).toMatchObject({ baseUrl: "https://oa.example", expectStore: "s3", legacy: { ref: `sha256/${HEX}`, receiptId: "rcpt_1" }, scanUrl: "https://oa.example/signin", operator: { kind: "password", username: "admin", password: "pw" } });
    expect(o.outDir).toMatch(/^\/repo\/artifacts\/smoke\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
  });

  it("takes the legacy ref from an earlier summary, and prefers an API key", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "oa-smoke-")), "summary.json");
    fs.writeFileSync(file, JSON.stringify({ write: { result_ref: `sha256/${HEX}`, receipt_id: "rcpt_9" } }));
    const o = parseSmokeOptions(["http://127.0.0.1:3000", "--legacy-from", file, "--expect-store", "local"], { SMOKE_OPERATOR_API_KEY: "oa_k", SMOKE_OPERATOR_PASSWORD: "pw" }, root);
    expect(o).toMatchObject({ expectStore: "local", legacy: { ref: `sha256/${HEX}`, receiptId: "rcpt_9" }, operator: { kind: "api_key", apiKey: "oa_k" } });
  });

  it("refuses bad usage with the usage text", () => {
    expect(() => parseSmokeOptions([], { SMOKE_OPERATOR_PASSWORD: "pw" }, root)).toThrow(/exactly one base URL[\s\S]*Usage:/);
    expect(() => parseSmokeOptions(["ftp://x"], { SMOKE_OPERATOR_PASSWORD: "pw" }, root)).toThrow(/Not an http\(s\) URL/);
    expect(() => parseSmokeOptions(["http://x", "--expect-store", "gcs"], { SMOKE_OPERATOR_PASSWORD: "pw" }, root)).toThrow(/s3 or local/);
    expect(() => parseSmokeOptions(["http://x"], {}, root)).toThrow(/SMOKE_OPERATOR_API_KEY, or SMOKE_OPERATOR_PASSWORD/);
  });
});

describe("object refs", () => {
  it("tells the store a ref belongs to and the route that serves it", () => {
    expect(refMatchesStore(`s3://omniaudit/prod/eu/sha256/${HEX}`, "s3")).toBe(true);
    expect(refMatchesStore(`s3://omniaudit/sha256/${HEX}`, "s3")).toBe(true);
    expect(refMatchesStore(`sha256/${HEX}`, "s3")).toBe(false);
    expect(refMatchesStore(`sha256/${HEX}`, "local")).toBe(true);
    expect(refMatchesStore(`s3://omniaudit/sha256/${HEX}`, "local")).toBe(false);
    expect(refDigest(`s3://b/p/sha256/${HEX}`)).toBe(HEX);
    expect(objectPath(`s3://omniaudit/prod/sha256/${HEX}`)).toBe(`/api/objects/s3/omniaudit/prod/sha256/${HEX}`);
    expect(objectPath(`sha256/${HEX}`)).toBe(`/api/objects/sha256/${HEX}`);
  });
});

describe("metrics", () => {
  const text = [
    "# TYPE omniaudit_tool_calls_total counter",
    'omniaudit_tool_calls_total{tool="sitelint_delete_scan",status="ok"} 2',
    'omniaudit_tool_calls_total{tool="sitelint_delete_scan",status="error"} 1',
    'omniaudit_tool_calls_total{tool="core_health",status="ok"} 5',
    "# TYPE omniaudit_tool_latency_seconds histogram",
    'omniaudit_tool_latency_seconds_count{tool="sitelint_delete_scan"} 3',
    "# TYPE omniaudit_write_gate_denied_total counter",
    'omniaudit_write_gate_denied_total{tool="sitelint_delete_scan"} 1',
    "# TYPE omniaudit_rate_limit_denied_total counter",
  ].join("\n");

  it("sums samples by label and requires the declared counters and the smoke's counts", () => {
    expect(sampleSum(text, "omniaudit_tool_calls_total", { tool: "sitelint_delete_scan" })).toBe(3);
    expect(assertMetrics(text, "sitelint_delete_scan")).toEqual({
      'omniaudit_tool_calls_total{tool="sitelint_delete_scan"}': 3,
      'omniaudit_tool_latency_seconds_count{tool="sitelint_delete_scan"}': 3,
      'omniaudit_write_gate_denied_total{tool="sitelint_delete_scan"}': 1,
    });
    expect(() => assertMetrics(text.replace("# TYPE omniaudit_rate_limit_denied_total counter", ""), "sitelint_delete_scan")).toThrow(/does not declare omniaudit_rate_limit_denied_total/);
    expect(() => assertMetrics(text, "auditlens_create_issue")).toThrow(/no count for/);
  });
});
