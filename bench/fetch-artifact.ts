// Benchmark: fetch a large GitHub Actions artifact through `auditlens_fetch_artifact` (download after GitHub's
// redirect, stream to disk, store, unpack every entry into the object store) from the fake GitHub, and compare with
// `curl` downloading the same blob URL to disk. Prints MB/s and peak RSS for each size; OmniAudit's RSS must stay flat
// as the artifact grows (it streams; nothing is held whole in memory).
// Usage: npm run bench:artifact -- [sizes in MB, comma-separated; default 100,500]
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import yazl from "yazl";
import { peakRss } from "./peak-rss";

const sizes = (process.argv[2] ?? "100,500").split(",").map(Number);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-bench-artifact-"));
process.env.DATA_DIR = path.join(work, "data");
process.env.LOG_LEVEL = "warn";
process.env.AUDITLENS_ARTIFACT_MAX_BYTES = String(2 * 1024 ** 3);
process.env.AUDITLENS_ARTIFACT_MAX_UNCOMPRESSED_BYTES = String(4 * 1024 ** 3);

const { startFakeGitHub } = await import("@/e2e/support/fake-github");
const { getDb, closeDb } = await import("@/lib/db/client");
const { resetEnvForTests } = await import("@/lib/env");
const { runTool } = await import("@/lib/runtime/run-tool");
const { findTool } = await import("@/lib/tools/registry");

const MiB = 1024 * 1024;
const ENTRY = 100 * MiB; // one entry per 100 MB: well under the per-entry limit

/** A zip of `mb` MB of pseudo-random (incompressible) data in 100 MB stored entries, written to disk as it is made. */
async function makeZip(mb: number): Promise<string> {
  const file = path.join(work, `artifact-${mb}.zip`);
  const zip = new yazl.ZipFile();
  for (let remaining = mb * MiB, i = 0; remaining > 0; remaining -= ENTRY, i++) {
    const size = Math.min(ENTRY, remaining);
    let seed = createHash("sha256").update(String(i)).digest();
    const data = Readable.from(
      (function* () {
        for (let sent = 0; sent < size; sent += MiB) {
          // A fresh buffer per chunk: the zip writer may still hold the previous one.
          const block = Buffer.allocUnsafe(MiB);
          for (let o = 0; o < MiB; o += 32) {
            seed = createHash("sha256").update(seed).digest();
            seed.copy(block, o);
          }
          yield block.subarray(0, Math.min(MiB, size - sent));
        }
      })(),
    );
    zip.addReadStream(data, `reports/part-${i}.bin`, { compress: false, size });
  }
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(file));
  return file;
}

/** curl downloading `url` to disk: seconds and peak RSS (from /proc while it runs), MiB. */
function curl(url: string, out: string): Promise<{ seconds: number; peakMiB: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const p = spawn("curl", ["-sS", "-o", out, url]);
    let peak = 0;
    const timer = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p.pid}/status`, "utf8"));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch {}
    }, 20);
    p.on("error", reject);
    p.on("exit", (code) => {
      clearInterval(timer);
      if (code === 0) resolve({ seconds: (performance.now() - started) / 1000, peakMiB: peak });
      else reject(new Error(`curl exited ${code}`));
    });
  });
}

const gh = await startFakeGitHub({ artifactUrlTtlMs: 10 * 60_000 });
const token = "github_pat_11BENCH000000fakeTokenForTheArtifactBenchmark_abcdefghijklmnopqrstuvwxyz0123456789";
gh.addToken(token, { login: "bench", kind: "pat" });
const runId = gh.state.seed!.failedRunId;
Object.assign(process.env, { GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: token, GITHUB_URL_ALLOWLIST: "127.0.0.1" });
resetEnvForTests();
await getDb();

console.log("size      | OmniAudit fetch_artifact (download + store + unpack) | curl to disk (download only)");
for (const mb of sizes) {
  const file = await makeZip(mb);
  const bytes = fs.statSync(file).size;
  const id = gh.addArtifactFromFile({ repo: "acme/web", runId, name: `bench-${mb}`, file });
  while (!gh.state.artifacts.get(id)?.digest) await new Promise((r) => setTimeout(r, 100));

  const started = performance.now();
  const { value: r, peakMiB, baseMiB } = await peakRss(() =>
    runTool({ tool: findTool("auditlens_fetch_artifact")!, args: { repo: "acme/web", artifact_id: id }, principal: "bench", requestId: `bench-${mb}` }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (r.isError) throw new Error(`fetch failed: ${r.content[0]?.text}`);

  const redirect = await fetch(`${gh.apiUrl}/repos/acme/web/actions/artifacts/${id}/zip`, { headers: { authorization: `Bearer ${token}` }, redirect: "manual" });
  const c = await curl(redirect.headers.get("location")!, path.join(work, `curl-${mb}.zip`));
  const rate = (s: number) => (bytes / 1e6 / s).toFixed(1);
  console.log(
    `${String(mb).padStart(4)} MB   | ${seconds.toFixed(1)} s, ${rate(seconds)} MB/s, peak RSS ${peakMiB.toFixed(0)} MiB (+${(peakMiB - baseMiB).toFixed(0)} over ${baseMiB.toFixed(0)}) | ${c.seconds.toFixed(1)} s, ${rate(c.seconds)} MB/s, peak RSS ${c.peakMiB.toFixed(0)} MiB`,
  );
  fs.rmSync(file, { force: true });
  fs.rmSync(path.join(work, `curl-${mb}.zip`), { force: true });
}
await gh.close();
await closeDb();
fs.rmSync(work, { recursive: true, force: true });
