import type { JobDefinition } from "@/lib/jobs/types";
import { auditlensTriageRun } from "./functions/auditlens-triage-run";
import { releasebutlerCreateRelease } from "./functions/releasebutler-create-release";
import { releasebutlerVerifyChecksums } from "./functions/releasebutler-verify-checksums";
import { sitelintRunScan } from "./functions/sitelint-run-scan";

/** Every durable job, defined once; boot hands these to `lib/jobs`, and `/api/inngest` serves their functions. */
export const jobDefinitions = [sitelintRunScan, auditlensTriageRun, releasebutlerVerifyChecksums, releasebutlerCreateRelease] as const;

/** The definitions as `lib/jobs` takes them. */
export const jobDefinitionList = jobDefinitions as unknown as readonly JobDefinition<never>[];

export const functions = jobDefinitions.map((d) => d.fn);
