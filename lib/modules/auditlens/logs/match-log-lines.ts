/**
 * Caller-supplied search patterns run against up to millions of log lines, so a pattern must not be able to hang the
 * process (ReDoS). Two guards: a static check refusing the constructs that backtrack exponentially (a repeated group
 * containing a repetition or an alternation, as in `(a+)+` and `(a|aa)*`; backreferences), and a time budget for the
 * whole search enforced by V8 (node:vm `timeout` interrupts a running regular expression) for the polynomial rest.
 */
import vm from "node:vm";
import { AppError } from "@/lib/errors";
import type { LogLine } from "./types";

export type LogMatcher = { kind: "substring"; needle: string } | { kind: "regex"; source: string; flags: string };

const MAX_PATTERN_CHARS = 200;
const REGEX_FORM = /^\/(.+)\/([dgimsuvy]*)$/s;
const SEARCH = new vm.Script(
  "(() => { const re = new RegExp(source, flags); const hits = [];" +
    " for (let i = 0; i < lines.length; i++) if (re.test(lines[i].text)) hits.push(i + 1); return hits; })()",
);
const refuse = (message: string) => new AppError("VALIDATION_ERROR", message, { field: "pattern" });

// The reason `source` may backtrack exponentially, or null. Scans groups, classes and escapes without executing.
function riskyConstruct(source: string): string | null {
  const groups = [{ repeats: false, alternates: false }];
  const repeatAt = (i: number) => {
    const c = source[i];
    if (c === "*" || c === "+") return true;
    const brace = c === "{" ? /^\{\d+(,(\d*))?\}/.exec(source.slice(i)) : null;
    return !!brace && brace[1] !== undefined && (brace[2] === "" || Number(brace[2]) > 1);
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const top = groups.at(-1)!;
    if (c === "\\") {
      if (/[1-9k]/.test(source[i + 1] ?? "")) return "backreferences are not supported";
      i++;
    } else if (c === "[") {
      for (i++; i < source.length && source[i] !== "]"; i++) if (source[i] === "\\") i++;
    } else if (c === "(") {
      groups.push({ repeats: false, alternates: false });
      if (source[i + 1] === "?") i += source[i + 2] === "<" && !"=!".includes(source[i + 3] ?? "") ? source.indexOf(">", i) - i : 2;
    } else if (c === ")") {
      const inner = groups.length > 1 ? groups.pop()! : top;
      const repeated = repeatAt(i + 1);
      if (repeated && (inner.repeats || inner.alternates)) {
        return "a repeated group may not contain a repetition or an alternation (as in (a+)+ or (a|b)*)";
      }
      groups.at(-1)!.repeats ||= inner.repeats || repeated;
    } else if (c === "|") top.alternates = true;
    else if (repeatAt(i)) top.repeats = true;
  }
  return null;
}

/**
 * A pattern for log search: a plain substring (case-sensitive), or a JavaScript regular expression written
 * `/source/flags` (flags `i m s u v`; `g y d` are accepted and ignored). 1–200 characters.
 * @throws AppError VALIDATION_ERROR (details `{ field: "pattern" }`) for an empty or too long pattern, invalid regex
 * syntax, or a construct that can backtrack exponentially (see the module comment).
 */
export function compileLogPattern(pattern: string): LogMatcher {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_CHARS) {
    throw refuse(`pattern must be 1 to ${MAX_PATTERN_CHARS} characters.`);
  }
  const form = REGEX_FORM.exec(pattern);
  if (!form) return { kind: "substring", needle: pattern };
  const source = form[1]!;
  const flags = [...new Set(form[2]!.replace(/[gyd]/g, ""))].join("");
  try {
    new RegExp(source, flags);
  } catch (e) {
    throw refuse(`pattern is not a valid regular expression: ${(e as Error).message}`);
  }
  const risky = riskyConstruct(source);
  if (risky) throw refuse(`pattern refused: ${risky}.`);
  return { kind: "regex", source, flags };
}

/**
 * Line numbers (1-based, ascending) of the lines whose text matches. A regex search runs within `budgetMs`
 * milliseconds in total (default 2,000).
 * @throws AppError VALIDATION_ERROR when the search exceeds its time budget (the pattern is too costly for the log).
 */
export function matchLogLines(lines: readonly LogLine[], m: LogMatcher, budgetMs = 2_000): number[] {
  if (m.kind === "substring") {
    const hits: number[] = [];
    for (const line of lines) if (line.text.includes(m.needle)) hits.push(line.n);
    return hits;
  }
  try {
    const context = vm.createContext({ lines, source: m.source, flags: m.flags });
    return Array.from(SEARCH.runInContext(context, { timeout: budgetMs }) as number[]);
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      throw refuse(`pattern search exceeded its ${budgetMs} ms budget; use a simpler pattern or a plain substring.`);
    }
    throw e;
  }
}
