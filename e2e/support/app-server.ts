import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { E2E_OPERATOR } from "./operator";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A running production server (`scripts/serve.mjs`: node:http in front of Next.js) of the built app. */
export type AppServer = { baseUrl: string; port: number; proc: ChildProcess; logs: string[]; stop(signal?: NodeJS.Signals): Promise<void> };

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/**
 * Start the built app (`scripts/serve.mjs`, as `npm start` does, on `host`, default 127.0.0.1) with its own data directory and env, and wait for
 * `/api/healthz`. The operator
 * signs in as {@link E2E_OPERATOR} unless `env` overrides `OPERATOR_USERNAME`/`OPERATOR_PASSWORD`.
 * @throws when it is not healthy within `timeoutMs` (the server's output is included).
 */
export async function startApp(o: { dataDir: string; env?: Record<string, string>; port?: number; host?: string; timeoutMs?: number }): Promise<AppServer> {
  const port = o.port ?? (await freePort());
  const root = path.resolve(HERE, "..", "..");
  const logs: string[] = [];
  const proc = spawn(process.execPath, [path.join(root, "scripts/serve.mjs"), "-p", String(port), "-H", o.host ?? "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATA_DIR: o.dataDir, LOG_LEVEL: "warn", SITELINT_URL_ALLOWLIST: "127.0.0.0/8", SITELINT_URL_DENYLIST: "127.0.0.2", OPERATOR_USERNAME: E2E_OPERATOR.username, OPERATOR_PASSWORD: E2E_OPERATOR.password, ...o.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d) => logs.push(String(d)));
  proc.stderr!.on("data", (d) => logs.push(String(d)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`app exited with ${proc.exitCode}:\n${logs.join("")}`);
    try {
      const r = await fetch(`${baseUrl}/api/healthz`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`app not healthy after ${o.timeoutMs ?? 60_000} ms:\n${logs.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    baseUrl,
    port,
    proc,
    logs,
    stop: (signal = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill(signal);
      }),
  };
}

/**
 * Data directory and env for an app instance of a spec's own (restarts, other auth modes): a fresh temp dir and, when
 * the suite runs on PostgreSQL (`OMNIAUDIT_E2E_DATABASE_URL`), a fresh database on that server so the main suite's
 * data is not touched.
 */
export async function isolatedApp(name: string, env: Record<string, string>): Promise<{ dataDir: string; env: Record<string, string> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `omniaudit-${name}-`));
  const base = process.env.OMNIAUDIT_E2E_DATABASE_URL;
  if (!base) return { dataDir, env };
  const { default: postgres } = await import("postgres");
  const admin = postgres(base, { max: 1 });
  const db = `omniaudit_${name.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${Date.now()}`;
  await admin.unsafe(`create database ${db}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${db}`;
  return { dataDir, env: { ...env, DATABASE_URL: u.toString() } };
}
