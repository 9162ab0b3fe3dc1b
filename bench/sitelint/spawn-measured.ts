import { spawn } from "node:child_process";
import fs from "node:fs";
import { samplePeakPss } from "./process-tree-pss";

/** How a measured child process ended. `code` is null after a signal or the timeout (then `timedOut`). */
export type Measured = { code: number | null; timedOut: boolean; secs: number; peakMiB: number; peakRootMiB: number; maxProcs: number; peakBreakdown: Record<string, number>; log: string };

/**
 * Run `cmd args` with its output in `logFile`, sampling the summed PSS of its process tree (its Chromium included)
 * while it runs. On timeout the whole process group is killed.
 */
export function spawnMeasured(cmd: string, args: string[], o: { env?: NodeJS.ProcessEnv; logFile: string; timeoutMs: number; cwd?: string }): Promise<Measured> {
  const fd = fs.openSync(o.logFile, "w");
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ["ignore", fd, fd], detached: true });
  fs.closeSync(fd);
  const sampler = samplePeakPss(() => child.pid);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, o.timeoutMs);
  return new Promise((resolve) => {
    const done = (code: number | null) => {
      clearTimeout(timer);
      const secs = (performance.now() - t0) / 1000;
      const { peakMiB, peakRootMiB, maxProcs, peakBreakdown } = sampler.stop();
      resolve({ code, timedOut, secs, peakMiB, peakRootMiB, maxProcs, peakBreakdown, log: fs.readFileSync(o.logFile, "utf8") });
    };
    child.on("error", (e) => (fs.appendFileSync(o.logFile, `\nspawn error: ${e.message}\n`), done(null)));
    child.on("exit", (code) => done(code));
  });
}
