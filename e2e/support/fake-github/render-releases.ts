import { createHash } from "node:crypto";
import { fixture, type Json } from "./fixtures";
import { type FakeContext, nodeId } from "./http";
import { renderUser, set } from "./render-repos";
import type { FakeRelease, FakeReleaseAsset } from "./state";

/** The tag segment of a release's web URLs: GitHub shows drafts under `untagged-<hash>` until published. */
function tagSegment(r: FakeRelease): string {
  return r.draft ? `untagged-${createHash("sha1").update(String(r.id)).digest("hex").slice(0, 20)}` : encodeURIComponent(r.tagName);
}

/**
 * A release asset (`release-asset`). `browser_download_url` is GitHub's web URL on `https://github.com` (browsers
 * only; API clients download through `url` with `Accept: application/octet-stream`).
 */
export function renderAsset(f: FakeContext, r: FakeRelease, a: FakeReleaseAsset): Json {
  return set(fixture("release-asset", f.apiUrl), {
    url: `${f.apiUrl}/repos/${r.repo}/releases/assets/${a.id}`,
    browser_download_url: `https://github.com/${r.repo}/releases/download/${tagSegment(r)}/${encodeURIComponent(a.name)}`,
    id: a.id,
    node_id: nodeId("RA", a.id),
    name: a.name,
    label: a.label,
    state: a.state,
    content_type: a.contentType,
    size: a.size,
    digest: a.digest,
    download_count: a.downloadCount,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    uploader: renderUser(f, a.uploader),
  });
}

/**
 * A release (`release`) with its assets; `upload_url` is the RFC 6570 template on the uploads host, as GitHub's
 * (`<uploadOrigin>/repos/{o}/{r}/releases/{id}/assets{?name,label}`). Drafts have no tarball/zipball yet.
 */
export function renderRelease(f: FakeContext, r: FakeRelease): Json {
  const api = `${f.apiUrl}/repos/${r.repo}`;
  const t = set(fixture("release", f.apiUrl), {
    url: `${api}/releases/${r.id}`,
    html_url: `${f.apiUrl}/${r.repo}/releases/tag/${tagSegment(r)}`,
    assets_url: `${api}/releases/${r.id}/assets`,
    upload_url: `${f.uploadOrigin}/repos/${r.repo}/releases/${r.id}/assets{?name,label}`,
    tarball_url: r.draft ? null : `${api}/tarball/${encodeURIComponent(r.tagName)}`,
    zipball_url: r.draft ? null : `${api}/zipball/${encodeURIComponent(r.tagName)}`,
    id: r.id,
    node_id: nodeId("RE", r.id),
    tag_name: r.tagName,
    target_commitish: r.targetCommitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    immutable: false,
    created_at: r.createdAt,
    published_at: r.publishedAt,
    author: renderUser(f, r.author),
    assets: r.assets.map((a) => renderAsset(f, r, a)),
  });
  // GitHub sends `discussion_url` only for releases linked to a discussion.
  delete t.discussion_url;
  return t;
}
