import { bigint, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The per-asset timeline of a release run (`release_runs`): one row per asset of the confirmed input, in input order
 * (`position`). Invariants: `outcome` is `pending` until the asset's step ends, then `uploaded` | `replaced` |
 * `skipped` (same name, size and digest already on the release) | `failed` with `error`; `sha256` is the local file's,
 * hashed when the step ran.
 */
export const releaseRunAssets = pgTable(
  "release_run_assets",
  {
    runId: text("run_id").notNull(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    size: bigint("size", { mode: "number" }),
    sha256: text("sha256"),
    outcome: text("outcome", { enum: ["pending", "uploaded", "replaced", "skipped", "failed"] }).notNull().default("pending"),
    error: text("error"),
    assetId: bigint("asset_id", { mode: "number" }),
    attempts: integer("attempts").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.position] })],
);
