import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "@/drizzle/schema";
import { startFakeGitHub, type FakeGitHub } from "@/e2e/support/fake-github";
import { forgetFakeGitHub, useFakeGitHub } from "@/e2e/support/fake-github-env";
import type { FakeAssetInput } from "@/e2e/support/fake-github/release-types";
import { getDb } from "@/lib/db/client";
import type { AnyTool } from "@/lib/runtime/define-tool";
import { runTool } from "@/lib/runtime/run-tool";
import { verifyChecksums } from "../tools/verify-checksums";
import type { VerifyChecksumsOutput } from "./schemas";

const PAT = "github_pat_11CHECKSUMS0fakeTokenForReleaseButler_abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";
const REPO = "acme/tools";
const sha256 = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");
const sha512 = (s: string) => createHash("sha512").update(s).digest("hex");
const sums = (lines: [string, string][]) => lines.map(([h, n]) => `${h}  ${n}\n`).join("");

let gh: FakeGitHub;
let tagN = 0;

/** A published release with `assets`; @returns its tag and the asset ids by name. */
async function release(assets: FakeAssetInput[]): Promise<{ tag: string; ids: Record<string, number> }> {
  const tag = `v1.0.${tagN++}`;
  const r = gh.addRelease({ repo: REPO, tag, assets });
  await gh.ready();
  return { tag, ids: Object.fromEntries(assets.map((a, i) => [a.name, r.assetIds[i]!])) };
}
async function call(args: Record<string, unknown>) {
  return runTool({ tool: verifyChecksums as unknown as AnyTool, args: { repo: REPO, ...args }, principal: "tester", requestId: `t-${Date.now()}` });
}
async function verify(args: Record<string, unknown>): Promise<VerifyChecksumsOutput> {
  const r = await call(args);
  expect(r.isError, r.content[0]?.text).toBeFalsy();
  return r.structuredContent as VerifyChecksumsOutput;
}
const byAsset = (out: VerifyChecksumsOutput) => Object.fromEntries(out.results.map((r) => [r.asset ?? `orphan:${r.entry_name}`, r]));
/** Downloads of these asset ids recorded by the fake's blob server since `from`. */
const downloadsOf = (ids: number[], from = 0) => gh.state.assetDownloads.slice(from).filter((id) => ids.includes(id));

/** The job row once it has finished (in-process backend), polled every 100 ms for at most 20 s. */
async function finished(jobId: string): Promise<typeof jobs.$inferSelect> {
  const db = await getDb();
  for (let i = 0; i < 200; i++) {
    const [row] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    if (row && ["succeeded", "failed"].includes(row.status)) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}

beforeAll(async () => {
  gh = await startFakeGitHub({ seed: "empty" });
  gh.addToken(PAT, { login: "mona", kind: "pat" });
  gh.addRepo({ owner: "acme", name: "tools" });
  gh.addCommit({ repo: REPO, message: "init", author: "mona" });
  useFakeGitHub(gh, PAT);
});
afterAll(async () => {
  await gh?.close();
  forgetFakeGitHub();
});

describe("releasebutler_verify_checksums against the fake GitHub", () => {
  it("digest-first: with GitHub's digests nothing but the checksum file is downloaded", async () => {
    const a = "linux build bytes";
    const b = "darwin build bytes";
    const { tag, ids } = await release([{ name: "app-linux.tar.gz", content: a }, { name: "app-darwin.tar.gz", content: b }, { name: "SHA256SUMS", content: sums([[sha256(a), "./dist/app-linux.tar.gz"], [sha256(b), "app-darwin.tar.gz"]]) }]);
    const from = gh.state.assetDownloads.length;
    const out = await verify({ tag });
    expect(out).toMatchObject({ status: "completed", ok: true, job: null, summary: { verified: 2, mismatch: 0, missing_checksum: 0, orphan_checksum: 0, download_failed: 0 } });
    expect(out.results.map((r) => [r.asset, r.status, r.method, r.entry_name])).toEqual([["app-linux.tar.gz", "verified", "digest", "./dist/app-linux.tar.gz"], ["app-darwin.tar.gz", "verified", "digest", "app-darwin.tar.gz"]]);
    expect(out.checksum_sources).toEqual([{ name: "SHA256SUMS", algorithm: "sha256", entries: 2, format: "gnu", skipped_lines: 0, note: null }]);
    expect(out.skipped).toEqual([{ asset: "SHA256SUMS", reason: "checksum file" }]);
    expect(downloadsOf([ids["app-linux.tar.gz"]!, ids["app-darwin.tar.gz"]!], from)).toEqual([]);
    expect(gh.state.assetDownloads.slice(from)).toEqual([ids.SHA256SUMS]);
    expect(gh.blobRequests.every((r) => r.authorization === null)).toBe(true);
  });

  it("reports mismatch (downloaded and by digest), missing entry and orphan entry, and keeps the others verified", async () => {
    const good = "good bytes";
    const bad = "tampered bytes";
    const { tag, ids } = await release([
      { name: "good.bin", content: good, digest: null },
      { name: "bad.bin", content: bad, digest: null },
      { name: "lying.bin", content: "real", digest: "auto" },
      { name: "extra.bin", content: "not listed", digest: null },
      { name: "checksums.txt", content: sums([[sha256(good), "good.bin"], [sha256("original bytes"), "bad.bin"], [sha256("other"), "lying.bin"], [sha256("x"), "gone.bin"]]) },
      { name: "checksums.txt.sig", content: "-----BEGIN PGP SIGNATURE-----" },
    ]);
    const from = gh.state.assetDownloads.length;
    const out = await verify({ tag });
    const r = byAsset(out);
    expect(r["good.bin"]).toMatchObject({ status: "verified", method: "download", expected: sha256(good), actual: sha256(good), source: "checksums.txt", size: good.length });
    expect(r["bad.bin"]).toMatchObject({ status: "mismatch", method: "download", expected: sha256("original bytes"), actual: sha256(bad), reason: expect.stringMatching(/downloaded bytes differ from checksums.txt/) });
    expect(r["lying.bin"]).toMatchObject({ status: "mismatch", method: "digest", expected: sha256("other"), actual: sha256("real") });
    expect(r["extra.bin"]).toMatchObject({ status: "missing_checksum", expected: null, actual: null, method: null });
    expect(r["orphan:gone.bin"]).toMatchObject({ asset: null, status: "orphan_checksum", expected: sha256("x"), size: null, source: "checksums.txt" });
    expect(out).toMatchObject({ ok: false, summary: { verified: 1, mismatch: 2, missing_checksum: 1, orphan_checksum: 1, download_failed: 0 } });
    expect(out.skipped.map((s) => s.asset).sort()).toEqual(["checksums.txt", "checksums.txt.sig"]);
    expect(downloadsOf([ids["lying.bin"]!, ids["extra.bin"]!], from)).toEqual([]);
    expect(downloadsOf([ids["good.bin"]!, ids["bad.bin"]!], from).sort()).toEqual([ids["good.bin"], ids["bad.bin"]].sort());
  });

  it("refuses an HTML error page served with 200 and bodies whose length disagrees with the API — download_failed, others unaffected", async () => {
    const page = "<!DOCTYPE html><html><head><title>Unicorn!</title></head><body>This page is taking too long to load.</body></html>";
    const sameLength = "x".repeat(page.length);
    const ok = "fine bytes";
    const { tag } = await release([
      { name: "html-typed.zip", content: "zip bytes", digest: null, serve: { body: page, contentType: "text/html; charset=utf-8" } },
      { name: "html-sniffed.zip", content: sameLength, digest: null, serve: { body: page, contentType: "application/octet-stream" } },
      { name: "declared-long.zip", content: "twelve bytes", digest: null, serve: { contentLength: 20 } },
      { name: "truncated.zip", content: "the whole asset", digest: null, serve: { body: "the whole", contentLength: "omit" } },
      { name: "ok.zip", content: ok, digest: null },
      { name: "SHA256SUMS", content: sums([[sha256("zip bytes"), "html-typed.zip"], [sha256(sameLength), "html-sniffed.zip"], [sha256("twelve bytes"), "declared-long.zip"], [sha256("the whole asset"), "truncated.zip"], [sha256(ok), "ok.zip"]]) },
    ]);
    const r = byAsset(await verify({ tag }));
    expect(r["html-typed.zip"]).toMatchObject({ status: "download_failed", method: "download", actual: null, reason: expect.stringMatching(/HTML page \(content-type text\/html/) });
    expect(r["html-sniffed.zip"]).toMatchObject({ status: "download_failed", reason: expect.stringMatching(/starts with <!DOCTYPE html>/) });
    expect(r["declared-long.zip"]).toMatchObject({ status: "download_failed", reason: expect.stringMatching(/Content-Length 20, but GitHub's API says the asset is 12 bytes/) });
    expect(r["truncated.zip"]).toMatchObject({ status: "download_failed", reason: expect.stringMatching(/ended after 9 of the 15 bytes/) });
    expect(r["ok.zip"]).toMatchObject({ status: "verified", method: "download" });
  });

  it("reads BSD-tagged, SHA-512, single-file .sha256 and GoReleaser sources together; conflicting entries are a mismatch", async () => {
    const [x, y, z, w] = ["x bytes", "y bytes", "z bytes", "w bytes"];
    const { tag } = await release([
      { name: "x.tar.gz", content: x, digest: null },
      { name: "y.iso", content: y, digest: "auto" },
      { name: "z.deb", content: z, digest: null },
      { name: "w.rpm", content: w },
      { name: "x.tar.gz.sha256", content: `${sha256(x)}\n` },
      { name: "SHA512SUMS", content: `SHA512 (y.iso) = ${sha512(y)}\n` },
      { name: "tool_1.0.0_checksums.txt", content: sums([[sha256(z), "z.deb"], [sha256(w), "w.rpm"]]) },
      { name: "w.rpm.sha256", content: `${sha256("something else")}  w.rpm\n` },
    ]);
    const out = await verify({ tag });
    const r = byAsset(out);
    expect(r["x.tar.gz"]).toMatchObject({ status: "verified", method: "download", algorithm: "sha256", source: "x.tar.gz.sha256" });
    expect(r["y.iso"]).toMatchObject({ status: "verified", method: "download", algorithm: "sha512", expected: sha512(y), actual: sha512(y), source: "SHA512SUMS" });
    expect(r["z.deb"]).toMatchObject({ status: "verified", source: "tool_1.0.0_checksums.txt" });
    expect(r["w.rpm"]).toMatchObject({ status: "mismatch", method: "digest", reason: expect.stringMatching(/disagree/) });
    expect(out.checksum_sources.map((s) => [s.name, s.algorithm, s.format])).toEqual(
      expect.arrayContaining([["x.tar.gz.sha256", "sha256", "bare"], ["SHA512SUMS", "sha512", "bsd"], ["tool_1.0.0_checksums.txt", "sha256", "gnu"]]),
    );
  });

  it("checksum_asset picks one source (NOT_FOUND when absent); unknown tag NOT_FOUND; a checksum file over 1 MiB refused; none at all: every asset missing, with a note", async () => {
    const { tag } = await release([{ name: "a.bin", content: "a" }, { name: "hashes.list", content: sums([[sha256("a"), "a.bin"]]) }, { name: "SHA256SUMS", content: sums([[sha256("zzz"), "a.bin"]]) }]);
    const picked = await verify({ tag, checksum_asset: "hashes.list" });
    expect(picked.results).toEqual([expect.objectContaining({ asset: "a.bin", status: "verified", source: "hashes.list" })]);
    expect(picked.skipped).toEqual(expect.arrayContaining([{ asset: "SHA256SUMS", reason: expect.stringMatching(/not read/) }]));
    const absent = await call({ tag, checksum_asset: "nope.txt" });
    expect(absent.isError).toBe(true);
    expect(absent.content[0]!.text).toMatch(/NOT_FOUND.*no asset named "nope.txt".*SHA256SUMS/);
    expect((await call({ tag: "v9.9.9" })).content[0]!.text).toMatch(/NOT_FOUND/);

    const huge = await release([{ name: "a.bin", content: "a" }, { name: "checksums.txt", content: new Uint8Array(1024 * 1024 + 1) }]);
    const refused = await call({ tag: huge.tag });
    expect(refused.content[0]!.text).toMatch(/VALIDATION_ERROR.*checksums.txt.*over the limit of 1048576/);

    const none = await verify({ tag: (await release([{ name: "a.bin", content: "a" }, { name: "a.bin.asc", content: "sig" }])).tag });
    expect(none).toMatchObject({ ok: false, checksum_sources: [], summary: { missing_checksum: 1 }, note: expect.stringMatching(/No checksum file found/) });
    expect(none.results).toEqual([expect.objectContaining({ asset: "a.bin", status: "missing_checksum", method: "digest", actual: sha256("a") })]);
  });

  it("verify_digests downloads even assets with a digest and checks GitHub's digest against the bytes", async () => {
    const { tag, ids } = await release([{ name: "a.bin", content: "a" }, { name: "b.bin", content: "b", digest: `sha256:${sha256("not b")}` }, { name: "SHA256SUMS", content: sums([[sha256("a"), "a.bin"], [sha256("b"), "b.bin"]]) }]);
    const from = gh.state.assetDownloads.length;
    const r = byAsset(await verify({ tag, verify_digests: true }));
    expect(r["a.bin"]).toMatchObject({ status: "verified", method: "download", reason: expect.stringMatching(/digest agrees/) });
    expect(r["b.bin"]).toMatchObject({ status: "mismatch", method: "download", actual: sha256("b"), reason: expect.stringMatching(/GitHub's sha256 digest .* does not/) });
    expect(downloadsOf([ids["a.bin"]!, ids["b.bin"]!], from)).toHaveLength(2);
  });

  it("mode job: answers running with a JobRef; the in-process job writes progress per asset and stores the same answer, completed", async () => {
    const files = ["one", "two", "three"].map((n) => ({ name: `${n}.bin`, content: `${n} bytes`, digest: null }));
    const { tag } = await release([...files, { name: "SHA256SUMS", content: sums(files.map((f) => [sha256(f.content), f.name])) }]);
    const out = await verify({ tag, mode: "job" });
    expect(out).toMatchObject({ status: "running", results: [], ok: false, job: { module: "releasebutler", status: "queued" } });
    const row = await finished(out.job!.job_id);
    expect(row).toMatchObject({ status: "succeeded", progress: 1, progressDone: 3, progressTotal: 3, functionId: "releasebutler/verify-checksums" });
    expect(row.input).toEqual({ job_id: out.job!.job_id, repo: REPO, tag, verify_digests: false });
    const result = row.result as VerifyChecksumsOutput;
    expect(result).toMatchObject({ status: "completed", ok: true, job: null, summary: { verified: 3 } });
    expect(result.results.map((r) => r.asset)).toEqual(["one.bin", "two.bin", "three.bin"]);
    expect(await verify({ tag, mode: "inline" })).toEqual({ ...result, note: null });

    // auto: more than 20 assets to download → a job; the same release with digests → inline (nothing to download).
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `m${i}.bin`, content: `m${i}` }));
    const list = sums(many.map((f) => [sha256(f.content), f.name]));
    const slow = await release([...many.map((f) => ({ ...f, digest: null })), { name: "SHA256SUMS", content: list }]);
    const auto = await verify({ tag: slow.tag });
    expect(auto).toMatchObject({ status: "running", job: { job_id: expect.any(String) }, note: expect.stringMatching(/21 download\(s\) in job/) });
    expect((await finished(auto.job!.job_id)).result).toMatchObject({ ok: true, summary: { verified: 21 } });
    const fast = await release([...many, { name: "SHA256SUMS", content: list }]);
    expect(await verify({ tag: fast.tag })).toMatchObject({ status: "completed", ok: true, summary: { verified: 21 } });
  });
});
