import { z } from "zod";
import { sanitizeUntrusted } from "@/lib/untrusted-text";

/** Release notes quoted in a tool answer, characters (GitHub allows 125,000; a model needs far less). */
export const MAX_BODY_CHARS = 20_000;

/** Text from GitHub is untrusted (anyone with push rights writes release notes): invisible characters stripped, secrets redacted, bounded. */
export function cleanGitHubText(s: string | null | undefined, maxChars = 500): string | null {
  if (s === null || s === undefined) return null;
  return sanitizeUntrusted(s, { maxChars }).text;
}

/** One release asset as the tools report it (GitHub REST "Release Asset"). */
export const AssetView = z.object({
  asset_id: z.number().int(),
  name: z.string(),
  label: z.string().nullable(),
  state: z.string().describe('"uploaded", or "starter" for an upload that never finished'),
  size: z.number().int().describe("bytes"),
  content_type: z.string(),
  download_count: z.number().int(),
  digest: z.string().nullable().describe('"sha256:<hex>" when GitHub computed it (assets uploaded since June 2025), else null'),
  browser_download_url: z.string(),
  api_url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  uploader: z.string().nullable(),
});
export type AssetView = z.infer<typeof AssetView>;

/** One release (GitHub REST "Release"), its notes bounded. */
export const ReleaseView = z.object({
  release_id: z.number().int(),
  tag_name: z.string(),
  name: z.string().nullable(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  immutable: z.boolean().nullable().describe("GitHub's immutable-release flag, when reported"),
  target_commitish: z.string(),
  author: z.string().nullable(),
  created_at: z.string(),
  published_at: z.string().nullable(),
  html_url: z.string(),
  body: z.string().nullable(),
  body_truncated: z.boolean(),
});
export type ReleaseView = z.infer<typeof ReleaseView>;

/** The fields of GitHub's release-asset JSON we read. */
export type GitHubAsset = {
  id: number; name: string; label?: string | null; state: string; size: number; content_type: string; download_count: number; digest?: string | null;
  browser_download_url: string; url: string; created_at: string; updated_at: string; uploader?: { login: string } | null;
};

/** The fields of GitHub's release JSON we read. */
export type GitHubRelease = {
  id: number; tag_name: string; name?: string | null; draft: boolean; prerelease: boolean; immutable?: boolean; target_commitish: string;
  author?: { login: string } | null; created_at: string; published_at?: string | null; html_url: string; body?: string | null; upload_url: string;
  assets?: GitHubAsset[];
};

/** A `sha256:<64 hex>` digest as lower-case hex, or null for anything else (other algorithms, malformed). */
export function sha256OfDigest(digest: string | null | undefined): string | null {
  const m = /^sha256:([0-9a-fA-F]{64})$/.exec(digest ?? "");
  return m ? m[1]!.toLowerCase() : null;
}

/** GitHub's asset JSON → {@link AssetView}. */
export function toAssetView(a: GitHubAsset): AssetView {
  return {
    asset_id: a.id, name: cleanGitHubText(a.name, 255) ?? "", label: cleanGitHubText(a.label ?? null, 255), state: a.state, size: a.size,
    content_type: cleanGitHubText(a.content_type, 255) ?? "", download_count: a.download_count, digest: a.digest ?? null,
    browser_download_url: a.browser_download_url, api_url: a.url, created_at: a.created_at, updated_at: a.updated_at, uploader: a.uploader?.login ?? null,
  };
}

/** GitHub's release JSON → {@link ReleaseView}; `body` bounded to `maxBodyChars`. */
export function toReleaseView(r: GitHubRelease, maxBodyChars = MAX_BODY_CHARS): ReleaseView {
  const body = r.body ? sanitizeUntrusted(r.body, { maxChars: maxBodyChars }) : null;
  return {
    release_id: r.id, tag_name: cleanGitHubText(r.tag_name, 255) ?? "", name: cleanGitHubText(r.name ?? null, 255), draft: r.draft, prerelease: r.prerelease,
    immutable: typeof r.immutable === "boolean" ? r.immutable : null, target_commitish: cleanGitHubText(r.target_commitish, 255) ?? "",
    author: r.author?.login ?? null, created_at: r.created_at, published_at: r.published_at ?? null, html_url: r.html_url,
    body: body?.text ?? null, body_truncated: body?.truncated ?? false,
  };
}
