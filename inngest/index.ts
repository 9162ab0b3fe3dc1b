import { sitelintRunScan } from "./functions/sitelint-run-scan";

/** Every durable job, defined once; the Inngest functions are served at `/api/inngest`. */
export const jobDefinitions = [sitelintRunScan];

export const functions = jobDefinitions.map((d) => d.fn);

/** The job definition for a function id, for the in-process runner. */
export function findJobDefinition(id: string) {
  return jobDefinitions.find((d) => d.id === id);
}
