import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { isolatedApp, startApp, type AppServer } from "./support/app-server";
import { CORPUS_MISSING, pngSize } from "./support/corpus";
import { callOk, connectMcp, waitForJob } from "./support/mcp";
import { signInAsOperator } from "./support/operator";

// The S3-compatible server `npm test` starts (scripts/ceph-rgw.sh), handed over as OMNIAUDIT_TEST_S3_*.
const endpoint = process.env.OMNIAUDIT_TEST_S3_ENDPOINT;
const S3_MISSING = "no S3 test server (OMNIAUDIT_TEST_S3_ENDPOINT unset; `npm test` starts Ceph RGW when Debian's radosgw is installed)";
const bucket = process.env.OMNIAUDIT_TEST_S3_BUCKET || "omniaudit-test";
const prefix = `e2e-${randomBytes(4).toString("hex")}`;
const LEGACY = Buffer.from('{"written":"by the local store, before the switch to S3"}');

type Conf = { status: string; confirmation_token: string };

test.describe("OBJECT_STORE=s3: SiteLint screenshots and receipts in S3, served by the console route", () => {
  test.skip(!endpoint, S3_MISSING);
  test.skip(!process.env.OA_SITE_ORIGIN, CORPUS_MISSING);
  let app: AppServer;
  let client: Client;
  let legacyRef: string;
  let s3: S3Client;

  test.beforeAll(async () => {
    const credentials = { accessKeyId: process.env.OMNIAUDIT_TEST_S3_ACCESS_KEY_ID!, secretAccessKey: process.env.OMNIAUDIT_TEST_S3_SECRET_ACCESS_KEY! };
    const region = process.env.OMNIAUDIT_TEST_S3_REGION || "us-east-1";
    s3 = new S3Client({ endpoint, region, credentials, forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
    await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: { name?: string }) => {
      if (e.name !== "BucketAlreadyOwnedByYou" && e.name !== "BucketAlreadyExists") throw e;
    });
    const iso = await isolatedApp("s3", {
      OBJECT_STORE: "s3", // the old name, still accepted
      OBJECT_STORE_BUCKET: bucket,
      OBJECT_STORE_PREFIX: prefix,
      S3_ENDPOINT_URL: endpoint!,
      S3_FORCE_PATH_STYLE: "true",
      S3_REGION: region,
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      CONFIRMATION_APPROVAL_MODE: "token",
    });
    // A receipt result the server stored before it was switched to S3: a local object under its data directory.
    const hex = createHash("sha256").update(LEGACY).digest("hex");
    fs.mkdirSync(path.join(iso.dataDir, "objects", "sha256", hex.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(iso.dataDir, "objects", "sha256", hex.slice(0, 2), hex), LEGACY);
    legacyRef = `sha256/${hex}`;
    app = await startApp(iso);
    client = await connectMcp(app.baseUrl);
  });
  test.afterAll(async () => {
    await client?.close();
    await app?.stop();
    s3?.destroy();
  });

  test("a scan's screenshot and a delete's receipt are s3:// refs; the console and /api/objects serve them and legacy local refs", async ({ page }) => {
    const site = process.env.OA_SITE_ORIGIN!;
    const base = app.baseUrl;
    const health = await callOk<{ object_store: { kind: string } }>(client, "core_health");
    expect(health.object_store.kind).toBe("s3");

    const { job_id, scan_id } = await callOk<{ job_id: string; scan_id: string }>(client, "sitelint_start_scan", { url: `${site}/simple-page.html`, crawl_budget: 1, profile: "quick" });
    expect((await waitForJob(client, job_id)).status).toBe("succeeded");
    const scan = await callOk<{ pages: { status: string; screenshot_ref: string | null }[] }>(client, "sitelint_get_scan", { scan_id });
    const shot = scan.pages[0]!.screenshot_ref!;
    expect(shot).toMatch(new RegExp(`^s3://${bucket}/${prefix}/sha256/[0-9a-f]{64}$`));

    // The console: the scan page's thumbnail loads through /api/objects/s3/<bucket>/<prefix>/sha256/<hex>.
    await signInAsOperator(page, base);
    await page.goto(`${base}/jobs/${job_id}`);
    const img = page.getByTestId("screenshot").first();
    await expect(img).toHaveAttribute("src", `/api/objects/s3/${bucket}/${prefix}/sha256/${shot.slice(-64)}`);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    const served = await page.request.get(`${base}${await img.getAttribute("src")}`);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("image/png");
    expect(pngSize(await served.body()).width).toBeGreaterThan(0);
    // The percent-encoded ref as one segment is accepted too.
    expect((await page.request.get(`${base}/api/objects/${encodeURIComponent(shot)}`)).status()).toBe(200);
    // Another bucket's (or prefix's) ref is refused without reading it; a missing one is 404; nonsense is 400.
    expect((await page.request.get(`${base}/api/objects/s3/not-${bucket}/${prefix}/sha256/${shot.slice(-64)}`)).status()).toBe(404);
    expect((await page.request.get(`${base}/api/objects/s3/${bucket}/other/sha256/${shot.slice(-64)}`)).status()).toBe(404);
    expect((await page.request.get(`${base}/api/objects/s3/${bucket}/${prefix}/sha256/${"0".repeat(64)}`)).status()).toBe(404);
    expect((await page.request.get(`${base}/api/objects/s3/${bucket}/../sha256/${"0".repeat(64)}`)).status()).toBeGreaterThanOrEqual(400);
    // Dual-read: the object written by the local store before the switch is still served.
    const legacy = await page.request.get(`${base}/api/objects/${legacyRef}`);
    expect(legacy.status()).toBe(200);
    expect(await legacy.text()).toBe(LEGACY.toString());

    // A write with a receipt: its result object lands in S3 too, and the receipt page links it.
    const conf = await callOk<Conf>(client, "sitelint_delete_scan", { scan_id });
    expect(conf.status).toBe("confirmation_required");
    const done = await callOk<{ receipt_id: string; deleted_objects: number }>(client, "sitelint_delete_scan", { scan_id, confirmation_token: conf.confirmation_token });
    expect(done.deleted_objects).toBe(1);
    expect((await page.request.get(`${base}${await img.getAttribute("src")}`)).status()).toBe(404); // the screenshot left S3
    const receipt = await callOk<{ result_ref: string; result: { output: { scan_id: string } } }>(client, "core_get_receipt", { receipt_id: done.receipt_id });
    expect(receipt.result_ref).toMatch(new RegExp(`^s3://${bucket}/${prefix}/sha256/[0-9a-f]{64}$`));
    expect(receipt.result.output.scan_id).toBe(scan_id);
    const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }))).Contents ?? []).map((o) => o.Key);
    expect(keys).toContain(receipt.result_ref.slice(`s3://${bucket}/`.length));
    expect(keys).not.toContain(shot.slice(`s3://${bucket}/`.length));
    await page.goto(`${base}/receipts/${done.receipt_id}`);
    const link = page.getByRole("link", { name: receipt.result_ref });
    await expect(link).toHaveAttribute("href", `/api/objects/s3/${bucket}/${prefix}/sha256/${receipt.result_ref.slice(-64)}`);
    const result = await page.request.get(`${base}${await link.getAttribute("href")}`);
    expect(result.headers()["content-type"]).toBe("application/json; charset=utf-8");
    expect((await result.json()).output.scan_id).toBe(scan_id);
  });
});
