import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";

/** How the smoke signs in as an operator: an operator API key, or the operator's username and password. */
export type OperatorCredentials = { kind: "api_key"; apiKey: string } | { kind: "password"; username: string; password: string };

export type SmokeOptions = {
  /** Origin of the deployment, without a trailing slash. */
  baseUrl: string;
  /** Which refs new writes must get: `s3` (`s3://<bucket>/…/sha256/<hex>`) or `local` (`sha256/<hex>`). */
  expectStore: "s3" | "local";
  /** A ref written before the switch to S3 that must stay readable, and the receipt that produced it (when known). */
  legacy?: { ref: string; receiptId?: string };
  /** Page the smoke scans so that it has a scan to delete (the gated write); default `<base-url>/signin`. */
  scanUrl: string;
  /** Directory for `summary.json` and `responses/`. */
  outDir: string;
  /** Longest wait for the scan job, ms. */
  jobTimeoutMs: number;
  operator: OperatorCredentials;
  /** Bearer key for the MCP endpoint when the deployment runs `MCP_AUTH_MODE=api_key`. */
  mcpApiKey?: string;
};

export const USAGE = `Usage: npm run smoke -- <base-url> [--expect-store s3|local] [--legacy-ref <ref> [--legacy-receipt <rcpt_…>] | --legacy-from <summary.json>]
                         [--scan-url <url>] [--out <dir>] [--job-timeout <seconds>]
Env: SMOKE_OPERATOR_API_KEY (an operator-scope API key) or SMOKE_OPERATOR_USERNAME (default admin) + SMOKE_OPERATOR_PASSWORD;
     SMOKE_MCP_API_KEY when the deployment runs MCP_AUTH_MODE=api_key.`;

const Env = z.object({
  SMOKE_OPERATOR_API_KEY: z.string().min(1).optional(),
  SMOKE_OPERATOR_USERNAME: z.string().min(1).default("admin"),
  SMOKE_OPERATOR_PASSWORD: z.string().min(1).optional(),
  SMOKE_MCP_API_KEY: z.string().min(1).optional(),
});

/** The write a previous smoke run recorded (`summary.json` → `write`), read back as this run's legacy ref. */
const PreviousSummary = z.object({ write: z.object({ result_ref: z.string().min(1), receipt_id: z.string().min(1).optional() }) });

/** `artifacts/smoke/<ISO timestamp with : and . replaced>` under `root`. */
export function defaultOutDir(root: string, now = new Date()): string {
  return path.join(root, "artifacts", "smoke", now.toISOString().replace(/[:.]/g, "-"));
}

/**
 * Parse the smoke's command line and environment.
 * @throws Error with a message (and the usage) naming what is missing or malformed.
 */
export function parseSmokeOptions(argv: string[], env: Record<string, string | undefined>, root: string): SmokeOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "expect-store": { type: "string", default: "s3" },
      "legacy-ref": { type: "string" },
      "legacy-receipt": { type: "string" },
      "legacy-from": { type: "string" },
      "scan-url": { type: "string" },
      out: { type: "string" },
      "job-timeout": { type: "string", default: "180" },
    },
  });
  const fail = (why: string): never => {
    throw new Error(`${why}\n${USAGE}`);
  };
  if (positionals.length !== 1) fail("Give exactly one base URL.");
  const base = z.url({ protocol: /^https?$/ }).safeParse(positionals[0]);
  if (!base.success) fail(`Not an http(s) URL: ${positionals[0]}`);
  const baseUrl = new URL(base.data!).origin;
  const expectStore = z.enum(["s3", "local"]).safeParse(values["expect-store"]);
  if (!expectStore.success) fail("--expect-store must be s3 or local.");
  if (values["legacy-from"] && values["legacy-ref"]) fail("Give --legacy-ref or --legacy-from, not both.");
  let legacy: SmokeOptions["legacy"];
  if (values["legacy-ref"]) legacy = { ref: values["legacy-ref"], ...(values["legacy-receipt"] ? { receiptId: values["legacy-receipt"] } : {}) };
  if (values["legacy-from"]) {
    const prev = PreviousSummary.safeParse(JSON.parse(fs.readFileSync(values["legacy-from"], "utf8")));
    if (!prev.success) fail(`${values["legacy-from"]} has no write.result_ref (is it a smoke summary.json?).`);
    legacy = { ref: prev.data!.write.result_ref, ...(prev.data!.write.receipt_id ? { receiptId: prev.data!.write.receipt_id } : {}) };
  }
  const seconds = Number(values["job-timeout"]);
  if (!Number.isFinite(seconds) || seconds < 1) fail("--job-timeout must be a number of seconds.");
  const e = Env.parse(env);
  let operator: OperatorCredentials;
  if (e.SMOKE_OPERATOR_API_KEY) operator = { kind: "api_key", apiKey: e.SMOKE_OPERATOR_API_KEY };
  else if (e.SMOKE_OPERATOR_PASSWORD) operator = { kind: "password", username: e.SMOKE_OPERATOR_USERNAME, password: e.SMOKE_OPERATOR_PASSWORD };
  else operator = fail("Set SMOKE_OPERATOR_API_KEY, or SMOKE_OPERATOR_PASSWORD (and SMOKE_OPERATOR_USERNAME unless it is admin).");
  return {
    baseUrl,
    expectStore: expectStore.data!,
    ...(legacy ? { legacy } : {}),
    scanUrl: values["scan-url"] ?? `${baseUrl}/signin`,
    outDir: path.resolve(values.out ?? defaultOutDir(root)),
    jobTimeoutMs: seconds * 1000,
    operator,
    ...(e.SMOKE_MCP_API_KEY ? { mcpApiKey: e.SMOKE_MCP_API_KEY } : {}),
  };
}
