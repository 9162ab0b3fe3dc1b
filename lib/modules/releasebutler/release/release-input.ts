import path from "node:path";
import { z } from "zod";
import { RepoInput, TagInput } from "../shared-schemas";
import { ASSET_NAME_RE } from "./resolve-release-asset";

/** GitHub's release body limit, characters. */
export const MAX_RELEASE_BODY = 125_000;

export const AssetInput = z
  .object({
    path: z.string().min(1).max(1024).describe("File under the release asset root (RELEASE_ASSET_ROOT), relative to it"),
    name: z.string().regex(ASSET_NAME_RE, "letters, digits and . _ + - only, not starting or ending with a dot (GitHub renames other names)").optional().describe("Asset name on GitHub (default: the file's name)"),
    label: z.string().min(1).max(255).optional(),
    content_type: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, "a MIME type like application/gzip").max(255).optional().describe("Default: from the file extension"),
    replace: z.boolean().default(false).describe("Replace an existing asset of that name whose content differs (default: report it as failed)"),
  })
  .strict();

/** `releasebutler_create_release` input (GitHub "Create a release" fields plus assets and our options). */
export const CreateReleaseInput = z
  .object({
    repo: RepoInput,
    tag_name: TagInput,
    target_commitish: z.string().min(1).max(255).optional().describe("Branch or commit SHA the tag is created from if it does not exist (default: the default branch)"),
    name: z.string().min(1).max(255).optional().describe("Release title (default: the tag)"),
    body: z.string().min(1).max(MAX_RELEASE_BODY).optional().describe("Release notes, Markdown"),
    generate_notes: z.boolean().default(false).describe("Write the notes with releasebutler_generate_notes (previous release → target); shown on the confirmation"),
    draft: z.boolean().default(false).describe("Keep the release a draft (it is created as one and published last otherwise)"),
    prerelease: z.boolean().default(false),
    make_latest: z.enum(["true", "false", "legacy"]).optional(),
    assets: z.array(AssetInput).max(100).default([]),
    dry_run: z.boolean().default(false).describe("Return the planned requests and their payload hash; write nothing (no confirmation needed)"),
    wait_seconds: z.number().int().min(0).max(120).default(30).describe("How long this call waits for the release job before returning its JobRef, seconds"),
  })
  .strict()
  .refine((i) => !(i.body && i.generate_notes), { message: "give body or generate_notes: true, not both" })
  .refine((i) => new Set(i.assets.map((a) => a.name ?? path.basename(a.path))).size === i.assets.length, { message: "two assets have the same name" });
export type CreateReleaseInput = z.infer<typeof CreateReleaseInput>;

/** One asset's outcome (`uploaded_assets[]` / `failed_assets[]`). */
export const AssetOutcome = z.object({
  name: z.string(),
  size: z.number().int().nullable().describe("bytes"),
  sha256: z.string().nullable(),
  outcome: z.enum(["pending", "uploaded", "replaced", "skipped", "failed"]),
  error: z.string().nullable(),
  asset_id: z.number().int().nullable(),
});
export type AssetOutcome = z.infer<typeof AssetOutcome>;

/** The asset name on GitHub: the given name or the file's. */
export const assetNameOf = (a: { path: string; name?: string }) => a.name ?? path.basename(a.path);
