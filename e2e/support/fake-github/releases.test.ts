import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Octokit } from "octokit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rawFixture } from "./fixtures";
import { type FakeGitHub, startFakeGitHub } from "./index";

const REPO = "acme/tools";
let gh: FakeGitHub;
let main: string;
let tmp: string;

const kit = (token = "ghp_write") => new Octokit({ baseUrl: gh.apiUrl, auth: token, retry: { enabled: false }, throttle: { enabled: false } });
const sha256 = (b: string | Uint8Array) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const keys = (o: object) => Object.keys(o).sort();
const status = (p: Promise<unknown>) => p.then(() => 200, (e: { status?: number }) => e.status);
const owner = "acme";
const repo = "tools";

/** POST bytes to the uploads host the way a client does: the expanded `upload_url`. */
async function upload(uploadUrl: string, name: string, data: Buffer, o: { token?: string; contentType?: string | null } = {}) {
  const url = uploadUrl.replace("{?name,label}", `?name=${encodeURIComponent(name)}`);
  const headers: Record<string, string> = { authorization: `Bearer ${o.token ?? "ghp_write"}` };
  if (o.contentType !== null) headers["content-type"] = o.contentType ?? "application/octet-stream";
  const res = await fetch(url, { method: "POST", headers, body: data as unknown as BodyInit });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  gh = await startFakeGitHub({ seed: "empty" });
  gh.addToken("ghp_write", { login: "mona", kind: "pat" });
  gh.addToken("ghp_read", { login: "hubot", kind: "pat", permissions: { contents: "read" } });
  gh.addToken("ghp_issues", { login: "hubot", kind: "pat", permissions: { issues: "write" } });
  gh.addRepo({ owner, name: repo });
  main = gh.addCommit({ repo: REPO, message: "Initial commit", author: "mona" });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fake-gh-releases-"));
});
afterAll(async () => {
  await gh.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("releases", () => {
  it("creates a release (201, Location, upload_url on the uploads host); a second one with that tag is 422", async () => {
    const r = await kit().rest.repos.createRelease({ owner, repo, tag_name: "v1.0.0", name: "One", body: "First" });
    expect(r.status).toBe(201);
    expect(r.headers.location).toBe(`${gh.apiUrl}/repos/${REPO}/releases/${r.data.id}`);
    expect(r.data).toMatchObject({ tag_name: "v1.0.0", target_commitish: "main", draft: false, prerelease: false, author: { login: "mona" }, assets: [] });
    expect(r.data.upload_url).toBe(`${gh.uploadOrigin}/repos/${REPO}/releases/${r.data.id}/assets{?name,label}`);
    expect(r.data.published_at).not.toBeNull();
    expect(gh.state.tags.get(REPO)!.get("v1.0.0")).toBe(main);
    expect(keys(r.data)).toEqual(keys(rawFixture("release")).filter((k) => k !== "discussion_url"));
    const dup = await kit().rest.repos.createRelease({ owner, repo, tag_name: "v1.0.0" }).catch((e: { status: number; response: { data: unknown } }) => e);
    expect(dup).toMatchObject({ status: 422, response: { data: { message: "Validation Failed", errors: [{ resource: "Release", code: "already_exists", field: "tag_name" }] } } });
    expect(gh.state.releases.filter((x) => x.tagName === "v1.0.0")).toHaveLength(1);
    expect(await status(kit().request("POST /repos/{owner}/{repo}/releases", { owner, repo, tag_name: "v9", target_commitish: "nope" }))).toBe(422);
    expect(await status(kit("ghp_read").rest.repos.createRelease({ owner, repo, tag_name: "v9" }))).toBe(403);
  });

  it("hides drafts from a read-only token; a draft makes no tag until published; latest skips drafts and prereleases", async () => {
    const draft = (await kit().rest.repos.createRelease({ owner, repo, tag_name: "v2.0.0", draft: true })).data;
    expect(draft).toMatchObject({ draft: true, published_at: null, tarball_url: null });
    expect(draft.html_url).toMatch(/\/releases\/tag\/untagged-[0-9a-f]{20}$/);
    expect(gh.state.tags.get(REPO)!.has("v2.0.0")).toBe(false);
    const pre = gh.addRelease({ repo: REPO, tag: "v2.0.0-rc.1", prerelease: true });
    const ids = async (token: string) => (await kit(token).rest.repos.listReleases({ owner, repo })).data.map((x) => x.id);
    expect(await ids("ghp_write")).toContain(draft.id);
    expect(await ids("ghp_read")).not.toContain(draft.id);
    expect(await status(kit("ghp_read").rest.repos.getRelease({ owner, repo, release_id: draft.id }))).toBe(404);
    expect(await status(kit().rest.repos.getReleaseByTag({ owner, repo, tag: "v2.0.0" }))).toBe(404);
    expect((await kit("ghp_read").rest.repos.getLatestRelease({ owner, repo })).data.tag_name).toBe("v1.0.0");
    const published = (await kit().rest.repos.updateRelease({ owner, repo, release_id: draft.id, draft: false })).data;
    expect(published.published_at).not.toBeNull();
    expect(gh.state.tags.get(REPO)!.get("v2.0.0")).toBe(main);
    expect((await kit("ghp_read").rest.repos.getReleaseByTag({ owner, repo, tag: "v2.0.0" })).data.id).toBe(draft.id);
    expect((await kit().rest.repos.getLatestRelease({ owner, repo })).data.tag_name).toBe("v2.0.0");
    expect((await kit().rest.repos.getRelease({ owner, repo, release_id: pre.id })).data.prerelease).toBe(true);
    expect(await status(kit("ghp_issues").rest.repos.listReleases({ owner, repo }))).toBe(403);
  });

  it("pages releases newest first, deletes one (204), and generates notes", async () => {
    const page = await kit().rest.repos.listReleases({ owner, repo, per_page: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.headers.link).toMatch(/rel="next"/);
    const all = await kit().paginate(kit().rest.repos.listReleases, { owner, repo, per_page: 2 });
    expect(all.map((r) => r.created_at)).toEqual([...all.map((r) => r.created_at)].sort().reverse());
    const gone = gh.addRelease({ repo: REPO, tag: "v0.0.1" });
    expect((await kit().rest.repos.deleteRelease({ owner, repo, release_id: gone.id })).status).toBe(204);
    expect(gh.state.releases.get(gone.id)).toBeUndefined();
    const sha = gh.addCommit({ repo: REPO, message: "Add flags", author: "alice" });
    gh.addMergedPullRequest({ repo: REPO, number: 7, title: "Add flags", author: "alice", mergeCommitSha: sha });
    const notes = (await kit().rest.repos.generateReleaseNotes({ owner, repo, tag_name: "v2.1.0" })).data;
    expect(notes.body).toContain(`* Add flags by @alice in ${gh.apiUrl}/${REPO}/pull/7`);
    expect(notes.body).toContain("## New Contributors");
    expect(notes.body).toContain(`/compare/v2.0.0...v2.1.0`);
    const made = (await kit().rest.repos.createRelease({ owner, repo, tag_name: "v2.1.0", generate_release_notes: true, body: "Intro" })).data;
    expect(made.name).toBe("v2.1.0");
    expect(made.body).toMatch(/^Intro\n\n## What's Changed/);
  });
});

describe("assets", () => {
  it("uploads through the expanded upload_url (octokit), lists and gets the asset; 422 for a second upload of that name", async () => {
    const rel = (await kit().rest.repos.createRelease({ owner, repo, tag_name: "v3.0.0", draft: true })).data;
    const data = Buffer.from("tool binary bytes\n".repeat(1000));
    const url = rel.upload_url.replace("{?name,label}", "?name=tool-linux.tar.gz&label=Linux");
    const r = await kit().request({ method: "POST", url, headers: { "content-type": "application/gzip", "content-length": data.length }, data });
    expect(r.status).toBe(201);
    expect(r.data).toMatchObject({ name: "tool-linux.tar.gz", label: "Linux", state: "uploaded", size: data.length, digest: sha256(data), content_type: "application/gzip", uploader: { login: "mona" }, download_count: 0 });
    expect(r.data.browser_download_url).toMatch(new RegExp(`^https://github\\.com/${REPO}/releases/download/untagged-[0-9a-f]+/tool-linux\\.tar\\.gz$`));
    expect(keys(r.data)).toEqual(keys(rawFixture("release-asset")));
    expect(gh.uploadRequests.at(-1)).toMatchObject({ method: "POST", token: "ghp_write", bytes: data.length });
    const viaOctokit = await kit().rest.repos.uploadReleaseAsset({ baseUrl: gh.uploadOrigin, owner, repo, release_id: rel.id, name: "notes.txt", data: "hello" as unknown as string, headers: { "content-type": "text/plain" } });
    expect(viaOctokit.data).toMatchObject({ name: "notes.txt", size: 5, label: "" });
    const again = await upload(rel.upload_url, "tool-linux.tar.gz", data);
    expect(again).toMatchObject({ status: 422, json: { message: "Validation Failed", errors: [{ resource: "ReleaseAsset", code: "already_exists", field: "name" }] } });
    const listed = (await kit().rest.repos.listReleaseAssets({ owner, repo, release_id: rel.id })).data;
    expect(listed.map((a) => a.name)).toEqual(["tool-linux.tar.gz", "notes.txt"]);
    expect((await kit().rest.repos.getReleaseAsset({ owner, repo, asset_id: listed[0]!.id })).data.digest).toBe(sha256(data));
    expect(await status(kit("ghp_read").rest.repos.getReleaseAsset({ owner, repo, asset_id: listed[0]!.id }))).toBe(404); // a draft's
    const renamed = await kit().rest.repos.updateReleaseAsset({ owner, repo, asset_id: listed[1]!.id, name: "NOTES.txt", label: "Notes" });
    expect(renamed.data).toMatchObject({ name: "NOTES.txt", label: "Notes" });
    expect((await kit().rest.repos.deleteReleaseAsset({ owner, repo, asset_id: listed[1]!.id })).status).toBe(204);
  });

  it("checks uploads as GitHub does: credentials, permission, Content-Type, size; big bodies are spooled and hashed", async () => {
    const rel = (await kit().rest.repos.createRelease({ owner, repo, tag_name: "v3.1.0" })).data;
    const small = Buffer.from("x");
    expect((await upload(rel.upload_url, "a.bin", small, { token: "ghp_nope" })).status).toBe(401);
    expect(await upload(rel.upload_url, "a.bin", small, { token: "ghp_read" })).toMatchObject({ status: 403, json: { message: "Resource not accessible by personal access token" } });
    expect(await upload(rel.upload_url, "a.bin", small, { contentType: null })).toMatchObject({ status: 400, json: { message: "Invalid Content-Type: ''" } });
    expect(await upload(rel.upload_url, "a.bin", Buffer.alloc(0))).toMatchObject({ status: 422, json: { errors: [{ field: "size", code: "custom" }] } });
    expect((await upload(rel.upload_url.replace(/releases\/\d+/, "releases/1"), "a.bin", small)).status).toBe(404);
    const big = Buffer.alloc(9 * 1024 * 1024, 7);
    const up = await upload(rel.upload_url, "my big file.bin", big);
    expect(up).toMatchObject({ status: 201, json: { name: "my.big.file.bin", size: big.length, digest: sha256(big) } });
    const asset = gh.state.releases.get(rel.id)!.assets[0]!;
    expect(asset.source).toMatchObject({ kind: "file", size: big.length });
  });

  it("after failNextUpload the asset stays a starter: listed so, 422 on re-upload until deleted", async () => {
    const rel = (await kit().rest.repos.createRelease({ owner, repo, tag_name: "v3.2.0", draft: true })).data;
    gh.failNextUpload({ afterBytes: 1000, name: "cut.bin" });
    const data = Buffer.alloc(200_000, 1);
    await expect(upload(rel.upload_url, "cut.bin", data)).rejects.toThrow();
    expect(gh.uploadRequests.at(-1)!.bytes).toBe(1000);
    const [starter] = (await kit().rest.repos.listReleaseAssets({ owner, repo, release_id: rel.id })).data;
    expect(starter).toMatchObject({ name: "cut.bin", state: "starter", size: 0 });
    expect((await upload(rel.upload_url, "cut.bin", data)).status).toBe(422);
    await kit().rest.repos.deleteReleaseAsset({ owner, repo, asset_id: starter!.id });
    expect((await upload(rel.upload_url, "cut.bin", data)).json).toMatchObject({ state: "uploaded", size: data.length });
  });

  it("downloads through a 302 to an expiring blob URL without the token; counts downloads", async () => {
    const { assetIds } = gh.addRelease({ repo: REPO, tag: "v4.0.0", assets: [{ name: "app.zip", content: "zip bytes", contentType: "application/zip" }] });
    const id = assetIds[0]!;
    const before = gh.state.assetDownloads.length;
    const res = await fetch(`${gh.apiUrl}/repos/${REPO}/releases/assets/${id}`, { headers: { authorization: "Bearer ghp_read", accept: "application/octet-stream" }, redirect: "manual" });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${gh.blobOrigin}/releases/[0-9a-f]+\\?.*se=.*&sig=`));
    expect(gh.state.assetDownloads.length).toBe(before); // a redirect is not a download
    const blob = await fetch(location);
    const chunks: Buffer[] = [];
    for await (const c of blob.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).toString()).toBe("zip bytes");
    expect(blob.headers.get("content-disposition")).toContain("app.zip");
    const viaOctokit = await kit("ghp_read").request("GET /repos/{owner}/{repo}/releases/assets/{asset_id}", { owner, repo, asset_id: id, headers: { accept: "application/octet-stream" } });
    expect(Buffer.from(viaOctokit.data as unknown as ArrayBuffer).toString()).toBe("zip bytes");
    expect(gh.blobRequests.filter((r) => r.path.startsWith("/releases/")).every((r) => r.authorization === null)).toBe(true);
    expect(gh.state.assetDownloads.slice(before)).toEqual([id, id]);
    expect((await kit().rest.repos.getReleaseAsset({ owner, repo, asset_id: id })).data.download_count).toBe(2);
  });

  it("serves file-backed assets streaming (digest after ready()), `serve` overrides and given digests", async () => {
    const file = path.join(tmp, "big.bin");
    fs.writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 9));
    const readFile = vi.spyOn(fs, "readFileSync");
    const { assetIds } = gh.addRelease({
      repo: REPO,
      tag: "v5.0.0",
      assets: [
        { name: "big.bin", file },
        { name: "page.zip", content: "real", serve: { body: "<html>oops</html>", contentType: "text/html" } },
        { name: "chunked.zip", content: "chunky", serve: { contentLength: "omit" } },
        { name: "old.zip", content: "old", digest: null },
        { name: "wrong.zip", content: "w", digest: "sha256:00" },
      ],
    });
    const asset = (i: number) => gh.state.releases.get(gh.state.releases.at(-1)!.id)!.assets[i]!;
    expect(asset(0)).toMatchObject({ size: 3 * 1024 * 1024, digest: null });
    await gh.ready();
    expect(asset(0).digest).toBe(sha256(fs.readFileSync(file)));
    expect(readFile.mock.calls.filter(([p]) => p === file)).toHaveLength(1); // only the test's own read
    readFile.mockRestore();
    const location = async (id: number) => (await fetch(`${gh.apiUrl}/repos/${REPO}/releases/assets/${id}`, { headers: { authorization: "Bearer ghp_write", accept: "application/octet-stream" }, redirect: "manual" })).headers.get("location")!;
    const ranged = await fetch(await location(assetIds[0]!), { headers: { range: "bytes=-4" } });
    expect([ranged.status, Buffer.from(await ranged.arrayBuffer())]).toEqual([206, Buffer.alloc(4, 9)]);
    const page = await fetch(await location(assetIds[1]!));
    expect([page.headers.get("content-type"), await page.text()]).toEqual(["text/html", "<html>oops</html>"]);
    const chunked = await fetch(await location(assetIds[2]!));
    expect([chunked.headers.get("content-length"), chunked.headers.get("transfer-encoding"), await chunked.text()]).toEqual([null, "chunked", "chunky"]);
    expect([asset(1).size, asset(3).digest, asset(4).digest]).toEqual([4, null, "sha256:00"]);
  });
});
