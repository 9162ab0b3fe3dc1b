import { ensureInitialOperatorPassword } from "@/lib/auth/operator-password";
import { getDbHandle } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { scheduleLocalJobs } from "@/lib/jobs/run-local-job";
import { getLogger } from "@/lib/observability/logger";

/**
 * Server start-up: validate the environment, open and migrate the database, make sure an operator can sign in, and
 * start the in-process job runner,
 * which resumes jobs a previous process left running (their leases expire after `JOB_LEASE_MS`).
 * @throws when the environment is invalid or the database cannot be migrated (the server must not start half-ready).
 */
export async function bootServer(): Promise<void> {
  const env = getEnv();
  const { kind } = await getDbHandle();
  // Creates (and says where to find) a first operator password when none is configured; never logs the password.
  ensureInitialOperatorPassword();
  scheduleLocalJobs();
  getLogger().info({ db: kind, jobs: env.jobBackend, data_dir: env.dataDir }, "omniaudit ready");
}
