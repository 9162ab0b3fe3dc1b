import { z } from "zod";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { defineTool } from "@/lib/runtime/define-tool";
import { downloadJobLog } from "../download-job-log";
import { errorsWindow, grepWindow, parseJobLog, tailWindow } from "../logs";
import { GitHubId, RepoInput } from "../shared-schemas";

export const getJobLog = defineTool({
  name: "auditlens_get_job_log",
  title: "Read a window of a job log",
  description:
    "A bounded window of one GitHub Actions job's log — never the whole log: `tail_lines` (the last N lines), `around_errors` (each error with `context` lines around it; the default), or `grep` (lines matching a substring or /regex/flags, with `context`). ANSI and timestamps stripped, log groups named, secrets redacted. Returns the lines with their 1-based line numbers, the log's total line count and `truncated` when the window hit its bounds (at most 400 lines / 64 KiB).",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: z
    .object({
      repo: RepoInput,
      job_id: GitHubId,
      tail_lines: z.number().int().min(1).max(2000).optional().describe("Return the last N lines"),
      around_errors: z.boolean().optional().describe("Return each error with context lines (default when no mode is given)"),
      grep: z.string().min(1).max(200).optional().describe("Substring, or /regex/flags, to search for"),
      context: z.number().int().min(0).max(50).default(5).describe("Lines before and after each error or match"),
    })
    .strict()
    .refine((i) => [i.tail_lines !== undefined, i.around_errors === true, i.grep !== undefined].filter(Boolean).length <= 1, {
      message: "choose one of tail_lines, around_errors and grep",
    }),
  output: z.object({
    job_id: z.number().int(),
    mode: z.enum(["tail", "around_errors", "grep"]),
    total_lines: z.number().int(),
    truncated: z.boolean().describe("The window (or the downloaded log, over 64 MiB) was cut"),
    lines: z.array(z.object({ n: z.number().int(), text: z.string(), group: z.string().nullable() })),
  }),
  handler: async (input, { github }) => {
    const client = await github.forRepo(input.repo);
    let log;
    try {
      const { text, truncated } = await downloadJobLog(client, github, input.job_id);
      log = { parsed: parseJobLog(text), cut: truncated };
    } catch (e) {
      throw mapGitHubError(e, { target: `job ${input.job_id} of ${input.repo}` });
    }
    const mode: "tail" | "grep" | "around_errors" = input.tail_lines !== undefined ? "tail" : input.grep !== undefined ? "grep" : "around_errors";
    const w =
      mode === "tail"
        ? tailWindow(log.parsed, { lines: input.tail_lines! })
        : mode === "grep"
          ? grepWindow(log.parsed, { pattern: input.grep!, context: input.context })
          : errorsWindow(log.parsed, { context: input.context });
    return { job_id: input.job_id, mode, total_lines: w.total_lines, truncated: w.truncated || log.cut, lines: w.lines.map((l) => ({ n: l.n, text: l.text, group: l.group ?? null })) };
  },
});
