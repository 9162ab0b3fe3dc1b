// Per-worker isolation for tests that touch the database: a fresh PGlite directory, or — when the test runner
// provides a PostgreSQL admin URL — a fresh database on that server. Runs before each test file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

const admin = process.env.OMNIAUDIT_TEST_PG_ADMIN_URL;
const tag = `w${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

if (admin) {
  const { default: postgres } = await import("postgres");
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  const name = `omniaudit_t_${tag}`;
  await sql.unsafe(`create database ${name}`);
  await sql.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
} else {
  delete process.env.DATABASE_URL;
}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `omniaudit-test-${tag}-`));
process.env.DATA_DIR = dataDir;

afterAll(async () => {
  const { closeDb } = await import("@/lib/db/client");
  await closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// The test process's "boot": hand the job definitions to lib/jobs as lib/boot.ts does for the server — loaded on the
// first job run only, so test files that run no job do not import every module.
const { registerJobs } = await import("@/lib/jobs/job-registry");
registerJobs({ load: async () => (await import("@/inngest")).jobDefinitionList });
