import { jobDefinitionList } from "@/inngest";
import { inngest } from "@/inngest/client";
import { ensureInitialOperatorPassword } from "@/lib/auth/operator-password";
import { getDbHandle } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { registerJobs } from "@/lib/jobs/job-registry";
import { scheduleLocalJobs } from "@/lib/jobs/run-local-job";
import { assertPolicyEntries } from "@/lib/net/url-policy";
import { getLogger } from "@/lib/observability/logger";

/**
 * Hand the job definitions (and the Inngest client's `send`) to `lib/jobs`, which never imports `inngest/` itself.
 * Part of boot; the test setup calls it too.
 */
export function wireJobs(): void {
  registerJobs({ definitions: jobDefinitionList, send: (e) => inngest.send(e) });
}

/**
 * Server start-up (the composition root, with `instrumentation.ts`): validate the environment, wire the jobs, open
 * and migrate the database, make sure an operator can sign in, and start the in-process job runner, which resumes
 * jobs a previous process left running (their leases expire after `JOB_LEASE_MS`).
 * @throws when the environment is invalid or the database cannot be migrated (the server must not start half-ready).
 */
export async function bootServer(): Promise<void> {
  const env = getEnv();
  assertPolicyEntries(env.sitelintUrlPolicy);
  wireJobs();
  const { kind } = await getDbHandle();
  // Creates (and says where to find) a first operator password when none is configured; never logs the password.
  ensureInitialOperatorPassword();
  scheduleLocalJobs();
  getLogger().info({ db: kind, jobs: env.jobBackend, data_dir: env.dataDir }, "omniaudit ready");
}
