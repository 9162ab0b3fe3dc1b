// `npm start`: make sure Chromium is available, build if the sources changed, then serve on PORT (default 3000).
// The database (embedded PGlite in ./.data by default) is migrated by the server at start-up (instrumentation.ts).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureChromium } from "./find-chromium.mjs";

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const port = process.env.PORT || "3000";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

const chromium = ensureChromium();
if (chromium && !process.env.CHROMIUM_PATH) process.env.CHROMIUM_PATH = chromium;

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}
const buildId = path.join(root, ".next", "BUILD_ID");
const sources = ["app", "lib", "components", "inngest", "drizzle", "public", "instrumentation.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs"];
const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (!built || Math.max(...sources.map((s) => newestMtime(path.join(root, s)))) > built) {
  console.log("[omniaudit] building (next build)…");
  const r = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// scripts/serve.mjs: node:http in front of Next.js (the MCP endpoint skips Next's router; everything else is Next's).
// It runs in this process, not a child: a parent Node process waiting on the server would add ≈ 25 MiB to the tree
// for nothing. serve.mjs reads its port from argv and handles SIGTERM/SIGINT itself.
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.argv = [process.argv[0], path.join(root, "scripts", "serve.mjs"), "-p", port];
const serving = import("./serve.mjs");
serving.catch((e) => {
  console.error(`[omniaudit] the server failed to start: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});

const base = `http://localhost:${port}`;
for (let i = 0; i < 120; i++) {
  await new Promise((r) => setTimeout(r, 500));
  try {
    const res = await fetch(`${base}/api/healthz`);
    if (res.ok) {
      console.log(`\n[omniaudit] ready\n  MCP endpoint:     ${base}/mcp  (also ${base}/api/mcp)\n  Operator console: ${base}/\n`);
      break;
    }
  } catch {}
}
