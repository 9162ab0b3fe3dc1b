import fs from "node:fs";
import path from "node:path";
import { validate } from "dockerfile-utils";
import { describe, expect, it } from "vitest";

/**
 * The Dockerfile, with no Docker engine at hand: dockerfile-utils (the Docker language server's validator: what the
 * builder would reject, plus casing, empty continuation lines, relative WORKDIR, JSON in single quotes) must report
 * nothing, and our own rules — hadolint's most useful ones and what OmniAudit needs — must hold.
 */
const root = path.resolve(import.meta.dirname, "..");
const dockerfile = fs.readFileSync(path.join(root, "Dockerfile"), "utf8");

type Instruction = { keyword: string; args: string; line: number };

/** Instructions with continuation lines joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!pending && (line === "" || line.startsWith("#"))) return;
    if (pending && line.startsWith("#")) return;
    const cont = line.endsWith("\\");
    const part = cont ? line.slice(0, -1).trim() : line;
    pending = pending ? { ...pending, text: `${pending.text} ${part}` } : { text: part, line: i + 1 };
    if (cont) return;
    const [keyword = "", ...rest] = pending.text.split(/\s+/);
    out.push({ keyword: keyword.toUpperCase(), args: rest.join(" "), line: pending.line });
    pending = undefined;
  });
  return out;
}

const all = instructions(dockerfile);
const lastFrom = all.map((i) => i.keyword).lastIndexOf("FROM");
const runtime = all.slice(lastFrom);
const find = (list: Instruction[], keyword: string) => list.filter((i) => i.keyword === keyword);

describe("Dockerfile", () => {
  it("passes dockerfile-utils' validator with no diagnostic at all", () => {
    expect(validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it("follows the base-image, apt and instruction-form rules (hadolint DL3006, DL3007, DL3009, DL3014, DL3015, DL3020, DL3025)", () => {
    for (const f of find(all, "FROM")) expect(f.args, `line ${f.line}`).toMatch(/^[a-z0-9./-]+:[\w.-]+(\s+AS\s+\w+)?$/i);
    for (const f of find(all, "FROM")) expect(f.args, `line ${f.line}: no :latest`).not.toMatch(/:latest\b/);
    for (const r of find(all, "RUN").filter((r) => /apt-get install/.test(r.args))) {
      expect(r.args, `line ${r.line}`).toMatch(/apt-get update .*&& apt-get install -y --no-install-recommends /);
      expect(r.args, `line ${r.line}: clean the lists in the same layer`).toMatch(/rm -rf \/var\/lib\/apt\/lists\/\*/);
    }
    for (const r of find(all, "RUN").filter((r) => /\bnpm (ci|install)\b/.test(r.args))) expect(r.args).toMatch(/npm ci\b/);
    expect(find(all, "ADD")).toEqual([]);
    for (const k of ["CMD", "ENTRYPOINT"]) for (const i of find(all, k)) expect(() => JSON.parse(i.args), `${k} in exec form`).not.toThrow();
  });

  it("runs the production server (serve.mjs in the standalone output) as a non-root user, with Chromium, fonts, the /data volume and a health check", () => {
    const user = find(runtime, "USER");
    expect(user.map((u) => u.args)).toEqual(["node"]);
    const userAt = runtime.indexOf(user[0]!);
    expect(runtime.slice(userAt).filter((i) => i.keyword === "RUN"), "nothing runs as root after USER").toEqual([]);

    const apt = find(runtime, "RUN").map((r) => r.args).join(" ");
    for (const pkg of ["chromium-headless-shell", "fonts-liberation", "ca-certificates", "tini"]) expect(apt).toMatch(new RegExp(`install[^&]*\\s${pkg}(\\s|$)`));
    expect(apt).toMatch(/chown node:node \/data/);

    const env = find(runtime, "ENV").map((e) => e.args).join(" ");
    for (const kv of ["DATA_DIR=/data", "CHROMIUM_PATH=/usr/lib/chromium/chromium-headless-shell", "NODE_ENV=production", "HOSTNAME=0.0.0.0"]) expect(env).toContain(kv);
    expect(find(runtime, "VOLUME").map((v) => JSON.parse(v.args))).toEqual([["/data"]]);

    const copies = find(runtime, "COPY").map((c) => c.args);
    for (const from of ["/app/.next/standalone ./", "/app/scripts/serve.mjs ./serve.mjs", "/app/.next/static ./.next/static", "/app/public ./public", "/app/drizzle/migrations ./drizzle/migrations"]) {
      expect(copies.some((c) => c.startsWith("--from=build --chown=node:node ") && c.endsWith(from)), from).toBe(true);
    }
    // scripts/serve.mjs: node:http in front of Next.js's handler (the MCP endpoint skips Next's router).
    expect(JSON.parse(find(runtime, "CMD")[0]!.args)).toEqual(["node", "serve.mjs"]);
    const health = find(runtime, "HEALTHCHECK")[0]!;
    expect(health.args).toMatch(/^--interval=\S+ --timeout=\S+ --start-period=\S+ --retries=\d+ CMD \[/);
    expect(health.args).toContain("/api/healthz");
    expect(find(runtime, "EXPOSE").map((e) => e.args)).toEqual(["3000"]);
  });

  it("is built from a standalone Next.js output and a context without local data or secrets", () => {
    expect(fs.readFileSync(path.join(root, "next.config.ts"), "utf8")).toMatch(/output:\s*"standalone"/);
    const ignored = fs.readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n").map((l) => l.trim());
    for (const p of ["node_modules", ".next", ".data", ".git", ".env*", "artifacts"]) expect(ignored).toContain(p);
  });
});
