// Benchmark: `releasebutler_verify_checksums` hashing a 1 GiB release asset downloaded from the fake GitHub (API →
// 302 → blob server, streamed through SHA-256 in constant memory), next to coreutils `sha256sum` on the same bytes in
// the same run — both on the file (page cache warm) and on the same blob URL piped from curl (download + hash, as we
// do). Prints MB/s for each, the ratio, and the peak RSS of this process (which also hosts the fake GitHub) and of
// sha256sum. Usage: npm run bench:checksum -- [size in MiB; default 1024]
import { spawn } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { peakRss } from "./peak-rss";

const sizeMiB = Number(process.argv[2] ?? 1024);
const MiB = 1024 * 1024;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-bench-checksum-"));
process.env.DATA_DIR = path.join(work, "data");
process.env.LOG_LEVEL = "warn";

const { startFakeGitHub } = await import("@/e2e/support/fake-github");
const { getDb, closeDb } = await import("@/lib/db/client");
const { resetEnvForTests } = await import("@/lib/env");
const { runTool } = await import("@/lib/runtime/run-tool");
const { verifyChecksums } = await import("@/lib/modules/releasebutler/tools/verify-checksums");
type AnyTool = import("@/lib/runtime/define-tool").AnyTool;

/** `sizeMiB` MiB of random bytes written 1 MiB at a time; @returns the path and its SHA-256. */
function makeAsset(): { file: string; sha256: string } {
  const file = path.join(work, "asset.bin");
  const fd = fs.openSync(file, "w");
  const h = createHash("sha256");
  const block = Buffer.allocUnsafe(MiB);
  for (let i = 0; i < sizeMiB; i++) {
    randomFillSync(block);
    h.update(block);
    fs.writeSync(fd, block);
  }
  fs.closeSync(fd);
  return { file, sha256: h.digest("hex") };
}

/** `sh -c cmd` (its last stage `sha256sum`): seconds, the hex it printed, and sha256sum's peak RSS from /proc, MiB. */
function shell(cmd: string): Promise<{ seconds: number; hex: string; peakMiB: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const p = spawn("sh", ["-c", cmd], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    let peak = 0;
    p.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const timer = setInterval(() => {
      for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
        try {
          const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
          if (!/^Name:\s+sha256sum$/m.test(status) || !new RegExp(`^PPid:\\s+${p.pid}$`, "m").test(status)) continue;
          const m = /VmRSS:\s+(\d+) kB/.exec(status);
          if (m) peak = Math.max(peak, Number(m[1]) / 1024);
        } catch {}
      }
    }, 50);
    p.on("error", reject);
    p.on("exit", (code) => {
      clearInterval(timer);
      if (code === 0) resolve({ seconds: (performance.now() - started) / 1000, hex: out.slice(0, 64), peakMiB: peak });
      else reject(new Error(`${cmd} exited ${code}`));
    });
  });
}

const gh = await startFakeGitHub({ seed: "empty", artifactUrlTtlMs: 10 * 60_000 });
const token = "github_pat_11BENCH000000fakeTokenForTheChecksumBenchmark_abcdefghijklmnopqrstuvwxyz0123456789";
gh.addToken(token, { login: "bench", kind: "pat" });
gh.addRepo({ owner: "acme", name: "tools" });
gh.addCommit({ repo: "acme/tools", message: "init", author: "bench" });
Object.assign(process.env, { GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: token, GITHUB_URL_ALLOWLIST: "127.0.0.1" });
resetEnvForTests();
await getDb();

const { file, sha256 } = makeAsset();
const bytes = fs.statSync(file).size;
// digest null: GitHub gives none (assets before June 2025), so the asset must be downloaded and hashed.
const { assetIds } = gh.addRelease({ repo: "acme/tools", tag: "v1.0.0", assets: [{ name: "asset.bin", file, digest: null }, { name: "SHA256SUMS", content: `${sha256}  asset.bin\n` }] });
await gh.ready();

const rate = (s: number) => bytes / 1e6 / s;
const call = () => runTool({ tool: verifyChecksums as unknown as AnyTool, args: { repo: "acme/tools", tag: "v1.0.0", mode: "inline" }, principal: "bench", requestId: "bench-checksum" });
const started = performance.now();
const { value: r, peakMiB, baseMiB } = await peakRss(call);
const seconds = (performance.now() - started) / 1000;
const result = r.structuredContent as { results?: { status: string; method: string; actual: string }[] } | undefined;
if (r.isError || result?.results?.[0]?.status !== "verified" || result.results[0].method !== "download") throw new Error(`verification failed: ${r.content[0]?.text.slice(0, 500)}`);

const onFile = await shell(`sha256sum ${JSON.stringify(file)}`);
const redirect = await fetch(`${gh.apiUrl}/repos/acme/tools/releases/assets/${assetIds[0]}`, { headers: { authorization: `Bearer ${token}`, accept: "application/octet-stream" }, redirect: "manual" });
const piped = await shell(`curl -sS ${JSON.stringify(redirect.headers.get("location")!)} | sha256sum`);
if (onFile.hex !== sha256 || piped.hex !== sha256) throw new Error("sha256sum disagrees with the generated digest");

const ours = rate(seconds);
console.log(`asset: ${sizeMiB} MiB (${bytes} bytes) served by the fake GitHub (API → 302 → blob server), ${os.cpus().length} CPU(s)`);
console.log(`OmniAudit verify_checksums (download + SHA-256) | ${seconds.toFixed(2)} s, ${ours.toFixed(0)} MB/s, peak RSS ${peakMiB.toFixed(0)} MiB (+${(peakMiB - baseMiB).toFixed(0)} over ${baseMiB.toFixed(0)}; includes the fake GitHub serving the bytes)`);
console.log(`sha256sum on the file (page cache)              | ${onFile.seconds.toFixed(2)} s, ${rate(onFile.seconds).toFixed(0)} MB/s, peak RSS ${onFile.peakMiB.toFixed(1)} MiB — ratio OmniAudit/sha256sum ${(ours / rate(onFile.seconds)).toFixed(2)}`);
console.log(`curl blob URL | sha256sum (download + hash)     | ${piped.seconds.toFixed(2)} s, ${rate(piped.seconds).toFixed(0)} MB/s, peak RSS ${piped.peakMiB.toFixed(1)} MiB — ratio OmniAudit/curl|sha256sum ${(ours / rate(piped.seconds)).toFixed(2)}`);
await gh.close();
await closeDb();
fs.rmSync(work, { recursive: true, force: true });
