import { z } from "zod";

export { RepoInput } from "@/lib/github/repo-input";

/** A GitHub numeric id (runs, jobs, artifacts). */
export const GitHubId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const LimitInput = z.number().int().min(1).max(100).default(20).describe("Most items to return (1-100)");
export const CursorInput = z.string().max(500).optional().describe("next_cursor of the previous call, to read the next page");
