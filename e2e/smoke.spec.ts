import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { isolatedApp, startApp, type AppServer } from "./support/app-server";
import { E2E_OPERATOR } from "./support/operator";
import { startStaticServer, type StaticServer } from "./support/static-server";

// `npm run smoke` against the built app, across the switch from the local object store to S3 (the S3-compatible
// server the test harness starts, handed over as OMNIAUDIT_TEST_S3_*).
const endpoint = process.env.OMNIAUDIT_TEST_S3_ENDPOINT;
const S3_MISSING = "no S3 test server (OMNIAUDIT_TEST_S3_ENDPOINT unset; `npm test` starts one when Debian's radosgw is installed)";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = promisify(execFile);

type Summary = { passed: boolean; skipped: string[]; checks: { name: string; status: string; detail: string }[]; write: { result_ref?: string; receipt_id?: string } };

/** Run the smoke CLI (`tsx scripts/smoke.ts`, as `npm run smoke` does) and read the summary it wrote. */
async function smoke(baseUrl: string, outDir: string, args: string[]): Promise<{ summary: Summary; stdout: string }> {
  const env = { ...process.env, SMOKE_OPERATOR_USERNAME: E2E_OPERATOR.username, SMOKE_OPERATOR_PASSWORD: E2E_OPERATOR.password };
  const r = await run(path.join(root, "node_modules/.bin/tsx"), ["scripts/smoke.ts", baseUrl, "--out", outDir, ...args], { cwd: root, env, timeout: 240_000 }).catch(
    (e: { stdout?: string; stderr?: string }) => ({ stdout: `${e.stdout ?? ""}${e.stderr ?? ""}` }),
  );
  return { summary: JSON.parse(fs.readFileSync(path.join(outDir, "summary.json"), "utf8")) as Summary, stdout: r.stdout };
}

test.describe("npm run smoke: legacy local refs stay readable after switching to S3", () => {
  test.skip(!endpoint, S3_MISSING);
  let app: AppServer | undefined;
  let site: StaticServer;

  test.afterAll(async () => {
    await app?.stop();
    await site?.close();
  });

  test("a receipt written with the local store is still served after the switch; new writes are s3:// refs; every check passes", async () => {
    test.setTimeout(420_000);
    const region = process.env.OMNIAUDIT_TEST_S3_REGION || "us-east-1";
    const credentials = { accessKeyId: process.env.OMNIAUDIT_TEST_S3_ACCESS_KEY_ID!, secretAccessKey: process.env.OMNIAUDIT_TEST_S3_SECRET_ACCESS_KEY! };
    const bucket = `omniaudit-smoke-${Date.now().toString(36)}`;
    const s3 = new S3Client({ endpoint, region, credentials, forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
    site = await startStaticServer({
      root: os.tmpdir(),
      routes: { "/": { body: "<!doctype html><html lang='en'><title>Smoke</title><meta name='description' content='smoke'><h1>Smoke</h1>", headers: { "content-type": "text/html" } } },
    });
    const out = path.join(root, "test-results", "smoke", String(Date.now()));
    const iso = await isolatedApp("smoke", {});

    // Before: the local store. The smoke's own write leaves the legacy receipt and its sha256/<hex> result.
    app = await startApp(iso);
    const before = await smoke(app.baseUrl, path.join(out, "local"), ["--expect-store", "local", "--scan-url", site.url("/")]);
    expect(before.summary.passed, before.stdout).toBe(true);
    const legacyRef = before.summary.write.result_ref!;
    expect(legacyRef).toMatch(/^sha256\/[0-9a-f]{64}$/);
    await app.stop();

    // After: the same data directory and database, objects now written to S3.
    app = await startApp({
      dataDir: iso.dataDir,
      env: { ...iso.env, OBJECT_STORE_BACKEND: "s3", OBJECT_STORE_BUCKET: bucket, S3_ENDPOINT_URL: endpoint!, S3_FORCE_PATH_STYLE: "true", S3_REGION: region, S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    });
    const after = await smoke(app.baseUrl, path.join(out, "s3"), ["--legacy-from", path.join(out, "local", "summary.json"), "--scan-url", site.url("/")]);
    expect(after.summary.checks.map((c) => [c.name, c.status]), after.stdout).toEqual([
      ["healthz", "passed"],
      ["mcp_health", "passed"],
      ["operator_sign_in", "passed"],
      ["legacy_ref_readable", "passed"],
      ["write_confirmation_flow", "passed"],
      ["new_write_refs", "passed"],
      ["metrics", "passed"],
    ]);
    expect(after.summary).toMatchObject({ passed: true, skipped: [], legacy: { ref: legacyRef, receipt_id: before.summary.write.receipt_id } });
    expect(after.summary.write.result_ref).toMatch(new RegExp(`^s3://${bucket}/sha256/[0-9a-f]{64}$`));
    expect(fs.readdirSync(path.join(out, "s3", "responses")).length).toBeGreaterThan(10);
  });
});
