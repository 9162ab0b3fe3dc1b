import "server-only";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import v8 from "node:v8";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "@/drizzle/schema";
import { getEnv } from "@/lib/env";

const execFileAsync = promisify(execFile);

/** The drizzle database, whichever driver backs it (postgres-js or PGlite). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "postgres" | "pglite";

/** An open database: the drizzle client, its kind, and how to close it. */
export type DbHandle = { db: Db; kind: DbKind; close: () => Promise<void> };
type Handle = DbHandle;

// One handle per process, kept on globalThis so Next.js dev reloads and route bundles share it.
const g = globalThis as unknown as { __omniauditDb?: Promise<Handle> };

/** Folder of the drizzle-kit migrations (committed). */
export function migrationsFolder(): string {
  return path.join(process.cwd(), "drizzle", "migrations");
}

/**
 * Server settings for embedded PGlite. `shared_buffers`: PGlite touches all of PostgreSQL's default 128 MB at start-up
 * inside its WebAssembly heap (measured: PSS 322 MiB open with the default, 195 MiB with 16 MB); 16 MB (PostgreSQL's
 * default before 9.3) holds the hot pages of a single-node install (the audit chain's tail, recent jobs and scans)
 * while the table files stay in the OS page cache.
 */
export const PGLITE_CONF: readonly string[] = ["shared_buffers=16MB"];

/**
 * Before embedded PGlite's WebAssembly is compiled: V8's baseline compiler (Liftoff) only, unless
 * `PGLITE_WASM_OPTIMIZE` is set. By default V8 re-compiles a module's hot functions with TurboFan in background
 * threads; for PostgreSQL's code that optimised code and its compilation memory stay in the process — measured on the
 * whole-corpus SiteLint scan (bench:sitelint): the Node process peaks 50–70 MiB lower with Liftoff only, at the same
 * pages/min; CPU-bound queries (a 3,000-row jsonb sequential scan, repeated) run ≈ 1.5× slower, single-row statements
 * within noise. A V8 flag is process-wide and applies to modules compiled after it: PGlite is this process's only
 * WebAssembly. Deployments that need faster queries use PostgreSQL (`DATABASE_URL`), or set the variable.
 */
function chooseWasmTiering(optimize: boolean): void {
  if (!optimize) v8.setFlagsFromString("--liftoff-only");
}

/**
 * Open and migrate a database of its own — PostgreSQL at `databaseUrl` (postgres-js pool of `poolMax` connections,
 * default 10; statements are prepared server-side by the driver), else embedded PGlite in `pgliteDir` (created when
 * missing). The process-wide database ({@link getDb}) is one of these; tests open more to act as other instances.
 * @throws when the database cannot be reached or a migration fails.
 */
export async function openDatabase(o: { databaseUrl?: string; pgliteDir: string; poolMax?: number }): Promise<DbHandle> {
  if (o.databaseUrl) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const sql = postgres(o.databaseUrl, { max: o.poolMax ?? 10, onnotice: () => {} });
    const db = drizzle(sql, { schema });
    await migrate(db, { migrationsFolder: migrationsFolder() });
    return { db: db as unknown as Db, kind: "postgres", close: () => sql.end({ timeout: 5 }) };
  }
  chooseWasmTiering(getEnv().PGLITE_WASM_OPTIMIZE);
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  fs.mkdirSync(o.pgliteDir, { recursive: true });
  await initPgliteDir(o.pgliteDir);
  const client = await PGlite.create(o.pgliteDir, { postgresqlconf: [...PGLITE_CONF] });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

/**
 * Create a new PGlite data directory (initdb) in a short-lived child process, so this long-running process never
 * holds initdb's memory: PGlite's WebAssembly heap grows to ≈ 730 MB during initdb and the process keeps it, while
 * opening an existing directory costs ≈ 100 MB (measured: PSS 823 vs 195 MiB). Nothing to do when the directory already
 * holds a cluster (`PG_VERSION`). If the child cannot run (no `node` binary to spawn), `PGlite.create` does initdb in
 * process as before.
 * @param dir the data directory (exists, may be empty).
 */
async function initPgliteDir(dir: string): Promise<void> {
  if (fs.existsSync(path.join(dir, "PG_VERSION"))) return;
  const script = 'const { PGlite } = await import("@electric-sql/pglite"); const c = await PGlite.create(process.argv[1]); await c.close();';
  await execFileAsync(process.execPath, ["--input-type=module", "-e", script, dir], { cwd: process.cwd(), timeout: 120_000 }).catch(() => undefined);
}

function open(): Promise<Handle> {
  const env = getEnv();
  return openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: path.join(env.dataDir, "pglite") });
}

/**
 * The process-wide database, opened and migrated on first use (migrations apply at start-up and in tests).
 * @throws when the database cannot be reached or a migration fails.
 */
export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** The database together with its kind (`postgres` | `pglite`) and a close function. */
export function getDbHandle(): Promise<Handle> {
  if (!g.__omniauditDb) {
    g.__omniauditDb = open().catch((e) => {
      g.__omniauditDb = undefined;
      throw e;
    });
  }
  return g.__omniauditDb;
}

/** Close and forget the process-wide database (tests, graceful shutdown). */
export async function closeDb(): Promise<void> {
  const h = g.__omniauditDb;
  g.__omniauditDb = undefined;
  if (h) await (await h).close();
}
