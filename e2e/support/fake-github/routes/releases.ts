import { hasPermission, requireRepo } from "../access";
import { repoKey, resolveRef, tagsOf } from "../git-graph";
import { arrayReply, type Ctx, DOCS, HttpError, idParam, iso, notFound, type Route, route, validationFailed } from "../http";
import { generateNotes } from "../release-notes";
import { assetTaken, ensureTag, latestRelease, markLatest, publish, releasesOf, tagTaken } from "../release-ops";
import { renderAsset, renderRelease } from "../render-releases";
import type { FakeRelease, FakeRepo } from "../state";

const R = "/repos/:owner/:repo/releases";
const LATEST = ["true", "false", "legacy"] as const;

const invalid = (message: string) => new HttpError(422, { message: `Invalid request.\n\n${message}`, documentation_url: DOCS, status: "422" });
/** Drafts exist only for tokens with push access (`contents: write`); everyone else gets 404 / no listing. */
const canPush = (ctx: Ctx) => hasPermission(ctx.token!, "contents", "write");

type Fields = { tag_name?: string; target_commitish?: string; name?: string | null; body?: string | null; draft?: boolean; prerelease?: boolean; generate_release_notes?: boolean; make_latest?: FakeRelease["makeLatest"]; previous_tag_name?: string };

/** The JSON body of "Create a release" / "Update a release", type-checked with GitHub's schema-error wording. */
function fields(ctx: Ctx, required: "tag_name" | null): Fields {
  const b = (ctx.body ?? {}) as Record<string, unknown>;
  if (typeof b !== "object" || Array.isArray(b)) throw invalid("Body should be a JSON object");
  if (required && b[required] === undefined) throw invalid(`"${required}" wasn't supplied.`);
  for (const k of ["tag_name", "target_commitish", "previous_tag_name"]) if (b[k] !== undefined && typeof b[k] !== "string") throw invalid(`For 'properties/${k}', ${JSON.stringify(b[k])} is not a string.`);
  for (const k of ["name", "body"]) if (b[k] !== undefined && b[k] !== null && typeof b[k] !== "string") throw invalid(`For 'properties/${k}', ${JSON.stringify(b[k])} is not a string.`);
  for (const k of ["draft", "prerelease", "generate_release_notes"]) if (b[k] !== undefined && typeof b[k] !== "boolean") throw invalid(`For 'properties/${k}', ${JSON.stringify(b[k])} is not a boolean.`);
  if (b.make_latest !== undefined && !LATEST.includes(b.make_latest as never)) throw invalid(`For 'properties/make_latest', ${JSON.stringify(b.make_latest)} is not one of ["true", "false", "legacy"].`);
  if (typeof b.tag_name === "string" && !b.tag_name.trim()) throw validationFailed([{ resource: "Release", code: "missing_field", field: "tag_name" }]);
  return b as Fields;
}

const alreadyExists = () => validationFailed([{ resource: "Release", code: "already_exists", field: "tag_name" }]);
const badTarget = () => validationFailed([{ resource: "Release", code: "invalid", field: "target_commitish" }]);

/** The release `:release_id` of the repository, else 404 (drafts too, without push access). */
function releaseOf(ctx: Ctx, level: "read" | "write"): { repo: FakeRepo; release: FakeRelease } {
  const repo = requireRepo(ctx, "contents", level);
  const id = idParam(ctx, "release_id");
  const release = ctx.fake.state.releases.find((r) => r.id === id);
  if (!release || release.repo !== repoKey(repo) || (release.draft && !canPush(ctx))) throw notFound();
  return { repo, release };
}

/** The asset `:asset_id` of one of the repository's releases, else 404. */
function assetOf(ctx: Ctx, level: "read" | "write") {
  const repo = requireRepo(ctx, "contents", level);
  const id = idParam(ctx, "asset_id");
  for (const release of releasesOf(ctx.fake.state, repo)) {
    const asset = release.assets.find((a) => a.id === id);
    if (asset && (!release.draft || canPush(ctx))) return { release, asset };
  }
  throw notFound();
}

/** The sha a release's notes end at: its tag, else its target. */
const targetSha = (ctx: Ctx, repo: FakeRepo, tag: string, target: string) => tagsOf(ctx.fake.state, repo).get(tag) ?? resolveRef(ctx.fake.state, repo, target);

/** `POST …/releases`: 201 + Location; a published release creates its missing tag at `target_commitish`, a draft not. */
function createRelease(ctx: Ctx) {
  const repo = requireRepo(ctx, "contents", "write");
  const b = fields(ctx, "tag_name");
  const { state } = ctx.fake;
  const tag = b.tag_name!;
  if (tagTaken(state, repo, tag)) throw alreadyExists();
  const target = b.target_commitish ?? repo.defaultBranch;
  const sha = targetSha(ctx, repo, tag, target);
  if (!sha) throw badTarget();
  const now = Date.now();
  const release: FakeRelease = { id: state.nextId(), repo: repoKey(repo), tagName: tag, name: b.name ?? null, body: b.body ?? null, draft: true, prerelease: b.prerelease ?? false, targetCommitish: target, author: ctx.token!.login, createdAt: iso(now), publishedAt: null, assets: [], makeLatest: b.make_latest ?? "true", latestSeq: 0 };
  if (b.generate_release_notes) {
    const notes = generateNotes(ctx.fake, repo, { tag, target: sha });
    release.name = b.name ?? notes.name;
    release.body = b.body ? `${b.body}\n\n${notes.body}` : notes.body;
  }
  if (!b.draft) publish(state, repo, release, release.makeLatest, now);
  state.releases.push(release);
  return { status: 201, headers: { location: `${ctx.fake.apiUrl}/repos/${release.repo}/releases/${release.id}` }, body: renderRelease(ctx.fake, release) };
}

/** `PATCH …/releases/{id}`: `draft: false` publishes (tag created), `draft: true` unpublishes; a renamed tag is created. */
function updateRelease(ctx: Ctx) {
  const { repo, release } = releaseOf(ctx, "write");
  const b = fields(ctx, null);
  const { state } = ctx.fake;
  if (b.tag_name !== undefined && tagTaken(state, repo, b.tag_name, release.id)) throw alreadyExists();
  const next: FakeRelease = { ...release };
  if (b.tag_name !== undefined) next.tagName = b.tag_name;
  if (b.target_commitish !== undefined) next.targetCommitish = b.target_commitish;
  if (b.name !== undefined) next.name = b.name;
  if (b.body !== undefined) next.body = b.body;
  if (b.prerelease !== undefined) next.prerelease = b.prerelease;
  if (b.draft === true) {
    Object.assign(next, { draft: true, publishedAt: null, latestSeq: 0 });
  } else if (next.draft && b.draft === false) {
    if (!publish(state, repo, next, b.make_latest ?? "true")) throw badTarget();
  } else if (!next.draft) {
    if (!ensureTag(state, repo, next.tagName, next.targetCommitish)) throw badTarget();
    if (b.make_latest !== undefined || b.prerelease !== undefined) markLatest(next, b.make_latest ?? next.makeLatest);
  }
  Object.assign(release, next);
  return { status: 200, body: renderRelease(ctx.fake, release) };
}

/** `POST …/releases/generate-notes`: `{ name, body }` of the notes GitHub would generate for `tag_name`. */
function notes(ctx: Ctx) {
  const repo = requireRepo(ctx, "contents", "write");
  const b = fields(ctx, "tag_name");
  const sha = targetSha(ctx, repo, b.tag_name!, b.target_commitish ?? repo.defaultBranch);
  if (!sha) throw badTarget();
  if (b.previous_tag_name && !tagsOf(ctx.fake.state, repo).has(b.previous_tag_name)) throw validationFailed([{ resource: "Release", code: "invalid", field: "previous_tag_name" }]);
  return { status: 200, body: generateNotes(ctx.fake, repo, { tag: b.tag_name!, target: sha, previousTag: b.previous_tag_name }) };
}

function updateAsset(ctx: Ctx) {
  const { release, asset } = assetOf(ctx, "write");
  const b = (ctx.body ?? {}) as { name?: unknown; label?: unknown; state?: unknown };
  if (typeof b.name === "string" && assetTaken(release, b.name, asset.id)) throw validationFailed([{ resource: "ReleaseAsset", code: "already_exists", field: "name" }]);
  if (typeof b.name === "string") asset.name = b.name;
  if (typeof b.label === "string") asset.label = b.label;
  if (b.state === "uploaded" && asset.source) asset.state = "uploaded";
  asset.updatedAt = iso(Date.now());
  return { status: 200, body: renderAsset(ctx.fake, release, asset) };
}

/**
 * `GET …/releases/assets/{id}`: the asset JSON, or with `Accept: application/octet-stream` a 302 to a signed blob URL
 * (expiring after `downloadUrlTtlMs`); each GET of the bytes counts in `download_count` and `state.assetDownloads`.
 */
function getAsset(ctx: Ctx) {
  const { release, asset } = assetOf(ctx, "read");
  if (!/application\/octet-stream/i.test(String(ctx.headers.accept ?? ""))) return { status: 200, body: renderAsset(ctx.fake, release, asset) };
  if (!asset.source || asset.state !== "uploaded") throw notFound();
  const onServe = () => {
    asset.downloadCount++;
    ctx.fake.state.assetDownloads.push(asset.id);
  };
  const location = ctx.fake.blobs.issue("releases", asset.source, { contentType: "application/octet-stream", filename: asset.name, ttlMs: ctx.fake.state.downloadUrlTtlMs, override: asset.serve, onServe });
  return { status: 302, headers: { location } };
}

const read = (ctx: Ctx) => ({ status: 200, body: renderRelease(ctx.fake, releaseOf(ctx, "read").release) });

/** Releases and release assets (GitHub REST "Releases"); reads need `contents: read`, writes `contents: write`. */
export const releaseRoutes: Route[] = [
  route("GET", R, "token", (ctx) => {
    const repo = requireRepo(ctx, "contents");
    return arrayReply(ctx, releasesOf(ctx.fake.state, repo).filter((r) => !r.draft || canPush(ctx)), (r) => renderRelease(ctx.fake, r));
  }),
  route("POST", R, "token", createRelease),
  route("POST", `${R}/generate-notes`, "token", notes),
  route("GET", `${R}/latest`, "token", (ctx) => {
    const latest = latestRelease(ctx.fake.state, requireRepo(ctx, "contents"));
    if (!latest) throw notFound();
    return { status: 200, body: renderRelease(ctx.fake, latest) };
  }),
  route("GET", `${R}/tags/:tag`, "token", (ctx) => {
    const found = releasesOf(ctx.fake.state, requireRepo(ctx, "contents")).find((r) => !r.draft && r.tagName === ctx.params.tag);
    if (!found) throw notFound();
    return { status: 200, body: renderRelease(ctx.fake, found) };
  }),
  route("GET", `${R}/assets/:asset_id`, "token", getAsset),
  route("PATCH", `${R}/assets/:asset_id`, "token", updateAsset),
  route("DELETE", `${R}/assets/:asset_id`, "token", (ctx) => {
    const { release, asset } = assetOf(ctx, "write");
    release.assets.splice(release.assets.indexOf(asset), 1);
    return { status: 204 };
  }),
  route("GET", `${R}/:release_id`, "token", read),
  route("PATCH", `${R}/:release_id`, "token", updateRelease),
  route("DELETE", `${R}/:release_id`, "token", (ctx) => {
    const { releases } = ctx.fake.state;
    releases.splice(releases.indexOf(releaseOf(ctx, "write").release), 1);
    return { status: 204 };
  }),
  route("GET", `${R}/:release_id/assets`, "token", (ctx) => {
    const { release } = releaseOf(ctx, "read");
    return arrayReply(ctx, [...release.assets].sort((a, b) => a.id - b.id), (a) => renderAsset(ctx.fake, release, a));
  }),
];
