// Benchmark: MCP tools/call throughput of the BUILT app (scripts/serve.mjs, as npm start runs it) on PostgreSQL and on embedded PGlite, next to a
// bare official-SDK server (bench/bare-mcp-server.ts) in the same run, under the same load: C concurrent callers
// (keep-alive connections, one request in flight each) sending 2026-07-28 stateless tools/call requests for S seconds
// after a warm-up, at each concurrency level. Prints req/s, p50, p99, errors and the ratio to the bare server at the
// same concurrency; then, per app, stops it and checks its audit log: the chain verifies and holds exactly one row per
// call made (warm-up included), plus ≈ rows per commit (rows sharing a timestamp: the group commit's batches).
// `--before <root>` also benchmarks the build in another checkout (e.g. a `git worktree` of the previous commit).
//   npm run bench:throughput -- [--seconds 10] [--warmup 3] [--levels 1,8,32,128] [--tools core_health,core_list_jobs]
//                               [--targets bare,postgres,pglite] [--before /tmp/oa-before] [--pg-admin-url postgres://…]
// Needs `next build` first (and in the --before root). Without --pg-admin-url it starts a throwaway PostgreSQL cluster
// (scripts/pg-throwaway.sh: root, Debian's postgresql; fsync and synchronous_commit off). Run it on a quiet machine.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { Pool } from "undici";
import { z } from "zod";

const root = path.resolve(import.meta.dirname, "..");
const Args = z.object({
  seconds: z.coerce.number().positive().max(600).default(10),
  warmup: z.coerce.number().min(0).max(60).default(3),
  levels: z.string().default("1,8,32,128").transform((s) => s.split(",").map((n) => z.coerce.number().int().min(1).max(1024).parse(n))),
  tools: z.string().default("core_health,core_list_jobs").transform((s) => s.split(",").map((t) => z.enum(["core_health", "core_list_jobs"]).parse(t))),
  targets: z.string().default("bare,postgres,pglite").transform((s) => s.split(",").map((t) => z.enum(["bare", "postgres", "pglite"]).parse(t))),
  before: z.string().optional(),
  "pg-admin-url": z.string().url().optional(),
});
const { values } = parseArgs({ options: Object.fromEntries(Object.keys(Args.shape).map((k) => [k, { type: "string" as const }])), strict: true });
const args = Args.parse(values);

const { openDatabase } = await import("@/lib/db/client");
const { verifyAuditLog } = await import("@/lib/audit/verify-audit-log");
type AppServer = import("@/e2e/support/app-server").AppServer;

const MODERN_META = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientInfo": { name: "omniaudit-bench", version: "1" }, "io.modelcontextprotocol/clientCapabilities": {} };
const HEAVY = "scripts/test.mjs|next build|playwright test|vitest";

/** A server under load: where it listens, how many tools/call requests it was sent, and how to stop it. */
type Target = { label: string; baseUrl: string; sent: number; stop(): Promise<void>; audit?: { open(): Promise<{ db: import("@/lib/db/client").Db; close(): Promise<void> }> } };
type Measured = { reqPerSec: number; p50: number; p99: number; errors: number; calls: number };

/** `C` callers on `C` keep-alive connections, each sending its next tools/call when the previous answer is read. */
async function drive(target: Target, tool: string, concurrency: number, seconds: number, record: boolean): Promise<Measured> {
  const pool = new Pool(target.baseUrl, { connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let id = 0;
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": tool };
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const body = JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name: tool, arguments: {}, _meta: MODERN_META } });
        const t0 = performance.now();
        target.sent += 1;
        try {
          const res = await pool.request({ path: "/mcp", method: "POST", headers, body });
          const text = await res.body.text();
          const answer = JSON.parse(text) as { result?: { isError?: boolean }; error?: unknown };
          if (res.statusCode !== 200 || answer.error || !answer.result || answer.result.isError) errors += 1;
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  if (!record) return { reqPerSec: 0, p50: 0, p99: 0, errors, calls: latencies.length };
  return { reqPerSec: latencies.length / elapsed, p50: q(0.5), p99: q(0.99), errors, calls: latencies.length };
}

function startBare(): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench", "bare-mcp-server.ts")], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.stdout!.on("data", (d: Buffer) => {
      const m = /listening (\d+)/.exec(String(d));
      if (!m) return;
      resolve({
        label: "bare SDK server",
        baseUrl: `http://127.0.0.1:${m[1]}`,
        sent: 0,
        stop: () => new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once("exit", () => r()), child.kill("SIGTERM")))),
      });
    });
  });
}

/** The throwaway cluster (or the given one): an admin URL, and a fresh database per app. */
function startPostgres(): { adminUrl: string; stop(): void } {
  if (args["pg-admin-url"]) return { adminUrl: args["pg-admin-url"], stop: () => {} };
  const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-bench-pg-"));
  const env = { ...process.env, PGDIR: pgDir, PGPORT: String(54_400 + Math.floor(Math.random() * 500)), PGDATABASE: "omniaudit_bench" };
  const r = spawnSync("bash", [path.join(root, "scripts", "pg-throwaway.sh"), "start"], { env, encoding: "utf8" });
  const url = r.status === 0 ? r.stdout.trim().split("\n").pop() : undefined;
  if (!url) throw new Error(`PostgreSQL did not start: ${r.stderr}`);
  return { adminUrl: url, stop: () => void spawnSync("bash", [path.join(root, "scripts", "pg-throwaway.sh"), "stop"], { env, stdio: "inherit" }) };
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The production server of another checkout's build (its `scripts/serve.mjs`, or `next start` for checkouts from before
 * the MCP front door), with the env `startApp` gives (its own app-server.ts cannot be imported
 * here: @playwright/test refuses to load from a second node_modules).
 */
async function startOtherApp(appRoot: string, o: { dataDir: string; env: Record<string, string> }): Promise<AppServer> {
  const { freePort } = await import("@/e2e/support/app-server");
  const { E2E_OPERATOR } = await import("@/e2e/support/operator");
  const port = await freePort();
  const serve = path.join(appRoot, "scripts/serve.mjs");
  const command = fs.existsSync(serve) ? [serve] : [path.join(appRoot, "node_modules/next/dist/bin/next"), "start"];
  const proc = spawn(process.execPath, [...command, "-p", String(port), "-H", "127.0.0.1"], {
    cwd: appRoot,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATA_DIR: o.dataDir, LOG_LEVEL: "warn", SITELINT_URL_ALLOWLIST: "127.0.0.0/8", SITELINT_URL_DENYLIST: "127.0.0.2", OPERATOR_USERNAME: E2E_OPERATOR.username, OPERATOR_PASSWORD: E2E_OPERATOR.password, ...o.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`${appRoot}: the server exited with ${proc.exitCode}`);
    if (i > 400) throw new Error(`${appRoot}: not healthy after 120 s`);
    if (await fetch(`${baseUrl}/api/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  const stop = () => new Promise<void>((r) => (proc.exitCode !== null ? r() : (proc.once("exit", () => r()), proc.kill("SIGTERM"))));
  return { baseUrl, port, proc, logs: [], stop };
}

/** Start the build of checkout `appRoot` (this checkout: `startApp` from e2e/support/app-server.ts). */
async function startAppTarget(o: { appRoot: string; name: string; kind: "postgres" | "pglite"; adminUrl?: string }): Promise<Target> {
  if (!fs.existsSync(path.join(o.appRoot, ".next", "BUILD_ID"))) throw new Error(`${o.appRoot} has no build: run next build there first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `omniaudit-bench-${o.name}-`));
  const databaseUrl = o.kind === "postgres" ? await createDatabase(o.adminUrl!, `omniaudit_bench_${o.name}_${Date.now()}`) : undefined;
  const env = databaseUrl ? { DATABASE_URL: databaseUrl } : ({} as Record<string, string>);
  const app: AppServer = o.appRoot === root ? await (await import("@/e2e/support/app-server")).startApp({ dataDir, env, timeoutMs: 120_000 }) : await startOtherApp(o.appRoot, { dataDir, env });
  return {
    label: `${o.name} (${o.kind})`,
    baseUrl: app.baseUrl,
    sent: 0,
    stop: () => app.stop(),
    audit: {
      open: async () => {
        const h = await openDatabase({ databaseUrl, pgliteDir: path.join(dataDir, "pglite"), poolMax: 2 });
        return { db: h.db, close: h.close };
      },
    },
  };
}

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "-");
function conditions(): string {
  const heavy = spawnSync("pgrep", ["-f", HEAVY], { encoding: "utf8" }).stdout.trim();
  return `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}${heavy ? ` — WARNING: heavy processes running (${heavy.split("\n").length})` : ""}`;
}

const pg = args.targets.includes("postgres") ? startPostgres() : undefined;
const targets: Target[] = [];
try {
  console.log(`# MCP tools/call throughput — node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}; ${args.seconds} s per level after ${args.warmup} s warm-up`);
  console.log(`# ${conditions()}`);
  if (args.targets.includes("bare")) targets.push(await startBare());
  const roots = [{ name: "after", root }, ...(args.before ? [{ name: "before", root: path.resolve(args.before) }] : [])];
  for (const r of roots) {
    if (pg) targets.push(await startAppTarget({ appRoot: r.root, name: r.name, kind: "postgres", adminUrl: pg.adminUrl }));
    if (args.targets.includes("pglite")) targets.push(await startAppTarget({ appRoot: r.root, name: r.name, kind: "pglite" }));
  }
  console.log(`\n${"server".padEnd(22)}${"tool".padEnd(16)}${"conc".padStart(5)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"errors".padStart(8)}${"× bare".padStart(8)}`);
  const bareAt = new Map<number, number>(); // the bare server's req/s per concurrency (its tools are identical)
  for (const tool of args.tools) {
    for (const c of args.levels) {
      for (const t of targets) {
        if (t.label.startsWith("bare") && tool !== args.tools[0]) continue; // the bare server's tools are identical
        await drive(t, tool, c, args.warmup, false);
        const m = await drive(t, tool, c, args.seconds, true);
        if (t.label.startsWith("bare")) bareAt.set(c, m.reqPerSec);
        const bare = bareAt.get(c);
        const ratio = bare && !t.label.startsWith("bare") ? `${(m.reqPerSec / bare).toFixed(2)}×` : "";
        console.log(`${t.label.padEnd(22)}${(t.label.startsWith("bare") ? "(constant tool)" : tool).padEnd(16)}${String(c).padStart(5)}${fmt(m.reqPerSec).padStart(9)}${fmt(m.p50, 1).padStart(9)}${fmt(m.p99, 1).padStart(9)}${String(m.errors).padStart(8)}${ratio.padStart(8)}`);
      }
    }
  }
  console.log(`\n# ${conditions()}`);
  for (const t of targets) {
    await t.stop();
    if (!t.audit) continue;
    const h = await t.audit.open();
    try {
      const verified = await verifyAuditLog(h.db);
      const res: unknown = await h.db.execute(sql`select count(*)::int as rows, count(distinct ts)::int as stamps from audit_logs`);
      // postgres-js answers an array of rows, PGlite `{ rows }`.
      const [row] = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { rows: number; stamps: number }[];
      const rows = Number(row!.rows);
      const stamps = Number(row!.stamps);
      const match = rows === t.sent ? "= calls made" : `≠ ${t.sent} calls made`;
      console.log(`audit ${t.label}: ${rows} rows ${match}; chain ${verified.ok ? `verifies (${verified.checked} rows, head seq ${verified.head?.seq ?? 0})` : `BROKEN at seq ${verified.first_bad_seq}: ${verified.reason}`}; ≈ ${fmt(rows / Math.max(1, stamps), 1)} rows per commit`);
      if (!verified.ok || rows !== t.sent) process.exitCode = 1;
    } finally {
      await h.close();
    }
  }
} finally {
  for (const t of targets) await t.stop().catch(() => {});
  pg?.stop();
}
