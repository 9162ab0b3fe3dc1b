// The production HTTP server (`npm start`, the end-to-end suite, the container image): one node:http server in front
// of Next.js. `/mcp` and `/api/mcp` go straight to the MCP endpoint's node listener, which boot (instrumentation.ts →
// lib/boot.ts) leaves on globalThis[Symbol.for("omniaudit.mcpFrontDoor")]; everything else — the console, the other
// API routes — goes to Next.js's own request handler. Same build, same module instances: the listener comes from the
// server bundle Next.js loaded, not from a second copy of the code.
// Why: Next.js's request path costs more per MCP call than the whole audited pipeline (docs/architecture.md).
//   node scripts/serve.mjs [-p PORT] [-H HOST]     (defaults: $PORT or 3000, $HOSTNAME or 0.0.0.0)
// In the standalone output (.next/standalone, the image) it runs from that folder with the config Next.js recorded
// at build time (.next/required-server-files.json), as the generated server.js does.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const FRONT_DOOR = Symbol.for("omniaudit.mcpFrontDoor");
const { values } = parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" }, dir: { type: "string" } }, strict: true });
const dir = path.resolve(values.dir ?? (fs.existsSync(path.join(process.cwd(), ".next")) ? process.cwd() : path.join(path.dirname(fileURLToPath(import.meta.url)), "..")));
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[omniaudit] invalid port ${JSON.stringify(values.port ?? process.env.PORT)}`);
  process.exit(1);
}
process.env.NODE_ENV = "production";
process.chdir(dir);

// Standalone output has no next.config.ts: use the configuration the build recorded (what .next/standalone/server.js does).
const hasConfigFile = ["next.config.ts", "next.config.mjs", "next.config.js"].some((f) => fs.existsSync(path.join(dir, f)));
let conf;
if (!hasConfigFile) {
  conf = JSON.parse(fs.readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8")).config;
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(conf);
}
const { default: next } = await import("next");
const app = next({ dev: false, dir, hostname, port, ...(conf ? { conf } : {}) });
const handle = app.getRequestHandler();

// Listen first (boot's "open without auth" warning looks at the listening address), answer once Next.js — and with it
// boot: migrations, the job runner, the front door — is ready. A failed boot exits the process (lib/boot.ts).
const ready = app.prepare();
const server = http.createServer(async (req, res) => {
  await ready;
  const pathname = (req.url ?? "").split("?", 1)[0];
  const front = globalThis[FRONT_DOOR];
  if (typeof front === "function" && (pathname === "/mcp" || pathname === "/api/mcp")) return front(req, res);
  return handle(req, res);
});
// Longer than the usual load balancer's idle timeout (60 s), so it never closes a connection the balancer reuses.
server.keepAliveTimeout = 65_000;
server.on("error", (e) => {
  console.error(`[omniaudit] cannot listen on ${hostname}:${port}: ${e.message}`);
  process.exit(1);
});
server.listen(port, hostname);
await ready;
console.log(`[omniaudit] listening on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${server.address().port}`);

// SIGTERM/SIGINT (docker stop, Ctrl-C): stop accepting, give requests in flight up to 5 s, exit 128 + signal.
for (const [sig, code] of [["SIGTERM", 143], ["SIGINT", 130]]) {
  process.once(sig, () => {
    server.close(() => process.exit(code));
    server.closeIdleConnections();
    setTimeout(() => process.exit(code), 5_000).unref();
  });
}
