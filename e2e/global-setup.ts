import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { startStaticServer } from "./support/static-server";
import { startApp } from "./support/app-server";
import { corpusDir } from "./support/corpus";

/**
 * Start the app (built beforehand by `npm test`) on a random port with a fresh data directory — on PostgreSQL when
 * `OMNIAUDIT_E2E_DATABASE_URL` is set, else embedded PGlite — and a static server for the corpus sites.
 * Exposes `OA_BASE_URL` and `OA_SITE_ORIGIN` (the Lighthouse corpus site; empty when the corpus is absent) to the specs.
 */
export default async function globalSetup(_config: FullConfig) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-e2e-"));
  const dir = corpusDir();
  const site = dir ? await startStaticServer({ root: path.join(dir, "sites", "lighthouse") }) : undefined;
  const env: Record<string, string> = { JOB_LEASE_MS: "4000" };
  if (process.env.OMNIAUDIT_E2E_DATABASE_URL) env.DATABASE_URL = process.env.OMNIAUDIT_E2E_DATABASE_URL;
  const app = await startApp({ dataDir, env });
  process.env.OA_BASE_URL = app.baseUrl;
  process.env.OA_SITE_ORIGIN = site?.origin ?? "";
  process.env.OA_DB_KIND = env.DATABASE_URL ? "postgres" : "pglite";
  return async () => {
    await app.stop();
    await site?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
