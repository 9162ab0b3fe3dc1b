/**
 * Multi-line errors in CI logs: an error line whose location or message arrives on the lines after it. Each block
 * starts from a hit and absorbs the lines that belong to it: `take` (consumed, the block goes on), `done` (consumed,
 * the block is complete), `end` (not part of the block: it is complete and the line is read on its own).
 */
import type { LogHit } from "./log-signatures";

export type Absorb = "take" | "done" | "end";
/** A block being read; `hit` is updated in place. `drop` when the block turned out to be no error. */
export type Block = { hit: LogHit; kind: "location" | "stack" | "traceback" | "npm" | "test"; absorb: (line: string) => Absorb; drop?: boolean };

/** Lines of context kept per error. */
export const DETAIL_LINES = 15;

const push = (h: LogHit, line: string) => {
  const t = line.trim();
  if (t !== "" && (h.detail ??= []).length < DETAIL_LINES) h.detail.push(t);
};
const IGNORED_FRAME = /(?:^|\/)node_modules\/|^node:|^internal\/|^<anonymous>$/;

/** rustc (`error[E0382]: …` then ` --> src/main.rs:10:5`) and other bare `error: …` lines: up to 6 lines for `-->`. */
export function locationBlock(hit: LogHit): Block {
  let budget = 6;
  return {
    hit,
    kind: "location",
    absorb(line) {
      const at = /^\s*--> (?<path>[^\s:]+):(?<line>\d+):(?<col>\d+)/.exec(line)?.groups;
      if (at) {
        Object.assign(hit, { path: at.path, line: Number(at.line), column: Number(at.col) });
        return "done";
      }
      if (budget-- > 0 && /^\s*(?:\||\d+\s*\||= |$)/.test(line)) return "take";
      return "end";
    },
  };
}

/** `TypeError: …` followed by JavaScript `at …` frames: the first frame outside node_modules and Node internals. */
export function stackBlock(hit: LogHit): Block {
  let frames = 0;
  return {
    hit,
    kind: "stack",
    absorb(line) {
      if (!/^\s+at\s/.test(line) || frames++ >= 50) return "end";
      push(hit, line);
      const f = /^\s+at (?:.*?\()?(?:file:\/\/)?(?<path>[^\s()]+?):(?<line>\d+):(?<col>\d+)\)?\s*$/.exec(line)?.groups;
      if (f && hit.path === undefined && !IGNORED_FRAME.test(f.path!)) Object.assign(hit, { path: f.path, line: Number(f.line), column: Number(f.col) });
      return "take";
    },
  };
}

// Frames in installed packages or the interpreter are rarely where the fix goes.
const LIBRARY_FRAME = /[\\/](?:site-packages|dist-packages|lib[\\/]python\d[\d.]*)[\\/]|^<frozen /;

/**
 * A Python traceback, from `Traceback (most recent call last):` to its exception line (`ValueError: bad`), located
 * at the innermost frame outside installed packages (else the innermost). Dropped when no exception line comes within
 * 500 lines.
 */
export function tracebackBlock(hit: LogHit): Block {
  const frames: { path: string; line: number }[] = [];
  let budget = 500;
  const block: Block = {
    hit,
    kind: "traceback",
    absorb(line) {
      const f = /^\s*File "(?<path>[^"]+)", line (?<line>\d+)/.exec(line)?.groups;
      if (f) {
        frames.push({ path: f.path!, line: Number(f.line) });
        if (frames.length > 100) frames.shift();
        push(hit, line);
        return "take";
      }
      if (budget-- <= 0) return (block.drop = true), "end";
      if (/^(?:\s|$)/.test(line)) return "take";
      const ex = /^(?<cls>[A-Za-z_][\w.]*)(?::\s*(?<msg>.*))?$/.exec(line)?.groups;
      if (!ex || frames.length === 0) return (block.drop = true), "end";
      const where = [...frames].reverse().find((fr) => !LIBRARY_FRAME.test(fr.path)) ?? frames.at(-1)!;
      Object.assign(hit, { code: ex.cls, message: ex.msg?.trim() || ex.cls!, path: where.path, line: where.line });
      push(hit, line);
      return "done";
    },
  };
  return block;
}

const NPM = /^npm (?:ERR!|error)(?:\s|$)/;
const NPM_NOISE = /^(?:code|errno|syscall|path|cwd|signal|A complete log of this run|Log files were not written|This is probably not a problem with npm|\/\S*\.log$|[A-Z]:\\\S*\.log$)/;

/** One npm failure: consecutive `npm ERR!` / `npm error` lines; its code (`E404`, `ELIFECYCLE`) and first message. */
export function npmBlock(hit: LogHit): Block {
  return {
    hit,
    kind: "npm",
    absorb(line) {
      if (!NPM.test(line)) return "end";
      const rest = line.replace(/^npm (?:ERR!|error)\s?/, "").trim();
      const code = /^code ([A-Z][A-Z0-9_]+)$/.exec(rest)?.[1];
      if (code) hit.code ??= code;
      else if (rest !== "" && !NPM_NOISE.test(rest) && hit.message === "npm") hit.message = rest;
      push(hit, rest);
      return "take";
    },
  };
}

const TEST_BOUNDARY = /^\s*(?:●\s|(?:FAIL|PASS)\s|Test Suites:|Tests:|⎯|--- (?:FAIL|PASS|SKIP)|(?:ok|FAIL)\t|❯ .*\(\d+ tests?)/;

/**
 * The output of a failing test (jest `●`, vitest `FAIL … > …`, go `--- FAIL:`) up to the next test or summary, at most
 * 40 lines: its first lines as detail, and the line of the test file in its stack (`at … (src/a.test.ts:11:23)`,
 * vitest `❯ src/a.test.ts:11:23`, go `    a_test.go:12: …`).
 */
export function testBlock(hit: LogHit): Block {
  let budget = 40;
  const go = hit.tool === "go";
  return {
    hit,
    kind: "test",
    absorb(line) {
      if (budget-- <= 0 || TEST_BOUNDARY.test(line) || (go && line.trim() !== "" && !/^\s{4}/.test(line))) return "end";
      push(hit, line);
      if (hit.line === undefined) {
        const f = /(?:^\s*|\(|\s)(?:❯ )?(?:file:\/\/)?(?<path>[^\s()]+\.\w+):(?<line>\d+)(?::(?<col>\d+))?\)?:?(?:\s|$)/.exec(line)?.groups;
        const fits = f && !IGNORED_FRAME.test(f.path!) && (hit.path === undefined || f.path!.replace(/\\/g, "/").endsWith(hit.path.replace(/\\/g, "/").replace(/^\.\//, "")));
        if (f && fits) Object.assign(hit, { path: hit.path ?? f.path, line: Number(f.line), ...(f.col ? { column: Number(f.col) } : {}) });
      }
      return "take";
    },
  };
}
