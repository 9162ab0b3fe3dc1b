import type { JobDefinition } from "./types";

/** Sends a job's trigger event to the Inngest server (the Inngest client's `send`), handed over at boot. */
export type EventSender = (event: { name: string; data: Record<string, unknown> }) => Promise<unknown>;

type Definitions = readonly JobDefinition<never>[];
type Registry = { definitions: Map<string, JobDefinition>; load?: () => Promise<Definitions>; loading?: Promise<void>; send?: EventSender };
// On globalThis: Next.js may load this module once per route bundle; boot registers into the one shared registry.
const g = globalThis as unknown as { __omniauditJobRegistry?: Registry };
const registry: Registry = (g.__omniauditJobRegistry ??= { definitions: new Map() });

function index(definitions: Definitions): Map<string, JobDefinition> {
  const next = new Map<string, JobDefinition>();
  for (const d of definitions as unknown as JobDefinition[]) {
    if (next.has(d.id)) throw new Error(`Duplicate job definition ${d.id}`);
    next.set(d.id, d);
  }
  return next;
}

/**
 * Hand the job definitions (and, with an Inngest server configured, the event sender) to `lib/jobs`: either the list
 * itself (boot, `lib/boot.ts`) or a loader run on first use (the test setup, so test files that run no job do not load
 * every module). `lib/jobs` never imports `inngest/` (DESIGN.md §1).
 * @throws Error when two definitions share an id.
 */
export function registerJobs(o: { definitions?: Definitions; load?: () => Promise<Definitions>; send?: EventSender }): void {
  registry.definitions = index(o.definitions ?? []);
  registry.load = o.definitions ? undefined : o.load;
  registry.loading = undefined;
  if (o.send) registry.send = o.send;
}

/** The registered definition for a function id, or undefined. */
export async function findJob(functionId: string): Promise<JobDefinition | undefined> {
  if (registry.load) {
    const load = registry.load;
    registry.loading ??= load().then((d) => {
      registry.definitions = index(d);
      registry.load = undefined;
    });
    await registry.loading;
  }
  return registry.definitions.get(functionId);
}

/** The registered event sender, or undefined before boot / without Inngest. */
export function eventSender(): EventSender | undefined {
  return registry.send;
}
