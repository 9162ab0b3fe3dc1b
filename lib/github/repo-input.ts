import { z } from "zod";

/** `owner/name` of a GitHub repository (checked again, strictly, by `parseRepo`). */
export const RepoInput = z.string().min(3).max(140).describe('GitHub repository as "owner/name"');
