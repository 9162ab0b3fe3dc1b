import fs from "node:fs";

/** Parent pid of every live process, from `/proc/<pid>/stat` (field 4; `comm` may hold spaces and parentheses). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      out.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone between readdir and read
    }
  }
  return out;
}

/** `root` and all its descendants (by ppid). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const tree: number[] = [];
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    tree.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Proportional set size of one process, KiB (`Pss:` of `/proc/<pid>/smaps_rollup`); 0 once it has exited. */
function pssKiB(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** What a process is, for the breakdown: the root, Chromium's process types (`--type=`), or its executable name. */
function kindOf(pid: number, root: number): string {
  if (pid === root) return "root";
  try {
    // Chromium rewrites its children's command lines into one space-separated string: match flags anywhere.
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    const type = /--type=(\S+)/.exec(cmdline)?.[1];
    if (type === "utility") return `utility:${/--utility-sub-type=(\S+)/.exec(cmdline)?.[1]?.split(".").at(-2) ?? "?"}`;
    return type ?? (cmdline.split(" ")[0]?.split("/").at(-1) || "?");
  } catch {
    return "gone";
  }
}

/**
 * Sample the sum of PSS over `root()`'s process tree (shared pages are split between their users, so the sum is not
 * inflated by Chromium's many processes) every `intervalMs` until `stop()`, which returns the peak (MiB), the peak of
 * the root process alone (MiB), the largest number of processes seen, and the peak sample's PSS by process kind
 * (MiB: `root`; `chromium`, the browser process; Chromium's `--type` — `renderer`, `gpu-process`, `zygote`,
 * `utility:<service>`; other executables by name). `root` is a function so a tool's pid can be supplied once it has
 * been spawned.
 */
export function samplePeakPss(root: () => number | undefined, { intervalMs = 250 }: { intervalMs?: number } = {}): { stop(): { peakMiB: number; peakRootMiB: number; maxProcs: number; peakBreakdown: Record<string, number> } } {
  let peakMiB = 0;
  let peakBreakdown: Record<string, number> = {};
  let peakRootMiB = 0;
  let maxProcs = 0;
  const sample = () => {
    const pid = root();
    if (pid === undefined) return;
    const tree = processTree(pid);
    const kib = tree.map(pssKiB);
    maxProcs = Math.max(maxProcs, tree.length);
    const total = kib.reduce((a, k) => a + k, 0) / 1024;
    if (total > peakMiB) {
      peakMiB = total;
      peakBreakdown = {};
      tree.forEach((p, i) => {
        const kind = kindOf(p, pid);
        peakBreakdown[kind] = Math.round((peakBreakdown[kind] ?? 0) + kib[i]! / 1024);
      });
    }
    peakRootMiB = Math.max(peakRootMiB, (kib[0] ?? 0) / 1024);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return { peakMiB, peakRootMiB, maxProcs, peakBreakdown };
    },
  };
}
