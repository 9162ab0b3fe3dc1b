import { describe, expect, it } from "vitest";
import type { GitHubAsset } from "../release-view";
import { assembleOutput } from "./assemble-output";
import { classifyAssetName } from "./classify-asset-name";
import { describeChecksumSource } from "./describe-checksum-source";
import type { LoadedSource } from "./load-checksum-sources";
import { matchChecksums } from "./match-checksums";
import { parseChecksumFile } from "./parse-checksum-file";
import { shouldRunAsJob } from "./should-run-as-job";

const hex = (c: string) => c.repeat(64);
let nextId = 1;
function asset(name: string, o: Partial<GitHubAsset> = {}): GitHubAsset {
  return { id: nextId++, name, state: "uploaded", size: 100, content_type: "application/octet-stream", download_count: 0, digest: null, browser_download_url: "", url: "", created_at: "", updated_at: "", ...o };
}
function source(name: string, text: string, defaultName?: string): LoadedSource {
  const parsed = parseChecksumFile(text, { defaultName });
  return { name, entries: parsed.entries, view: describeChecksumSource(name, parsed) };
}
function match(assets: GitHubAsset[], sources: LoadedSource[], verifyDigests = false) {
  return matchChecksums({ assets, roles: new Map(assets.map((a) => [a.id, classifyAssetName(a.name)])), sources, unselected: [], verifyDigests });
}

describe("matchChecksums", () => {
  it("digest-first: an asset with GitHub's sha256 digest is decided without a download; without one it is planned", () => {
    const assets = [asset("a.tgz", { digest: `sha256:${hex("a")}` }), asset("b.tgz", { digest: `sha256:${hex("f")}` }), asset("c.tgz"), asset("SHA256SUMS")];
    const m = match(assets, [source("SHA256SUMS", `${hex("a")}  a.tgz\n${hex("b")}  b.tgz\n${hex("c")}  ./out/c.tgz\n`)]);
    expect(m.done).toEqual([
      expect.objectContaining({ asset: "a.tgz", status: "verified", method: "digest", expected: hex("a"), actual: hex("a"), source: "SHA256SUMS" }),
      expect.objectContaining({ asset: "b.tgz", status: "mismatch", method: "digest", expected: hex("b"), actual: hex("f"), reason: expect.stringMatching(/digest/) }),
    ]);
    expect(m.downloads).toEqual([expect.objectContaining({ assetName: "c.tgz", entryName: "./out/c.tgz", expected: hex("c"), algorithm: "sha256", digest: null })]);
    expect(m.skipped).toEqual([{ asset: "SHA256SUMS", reason: "checksum file" }]);
    // verify_digests plans a download for every asset and keeps the digest to compare
    expect(match(assets, [source("SHA256SUMS", `${hex("a")}  a.tgz\n`)], true).downloads).toEqual([expect.objectContaining({ assetName: "a.tgz", digest: hex("a") })]);
  });

  it("missing entries, orphan entries, unlisted signatures skipped, listed signatures verified", () => {
    const assets = [asset("app.zip"), asset("extra.zip"), asset("checksums.txt"), asset("checksums.txt.sig"), asset("app.zip.asc")];
    const m = match(assets, [source("checksums.txt", `${hex("1")}  app.zip\n${hex("2")}  gone.zip\n${hex("3")}  app.zip.asc\n`)]);
    expect(m.done).toEqual([
      expect.objectContaining({ asset: "extra.zip", status: "missing_checksum", expected: null, reason: "no checksum file lists this asset" }),
      expect.objectContaining({ asset: null, entry_name: "gone.zip", status: "orphan_checksum", expected: hex("2"), size: null, source: "checksums.txt" }),
    ]);
    expect(m.downloads.map((d) => d.assetName)).toEqual(["app.zip", "app.zip.asc"]);
    expect(m.skipped.map((s) => s.asset)).toEqual(["checksums.txt", "checksums.txt.sig"]);
  });

  it("combines sources; disagreeing entries (across files, or two directories in one file) are a mismatch naming both", () => {
    const assets = [asset("x.bin", { digest: `sha256:${hex("a")}` }), asset("y.bin"), asset("x.bin.sha256"), asset("SHA256SUMS")];
    const m = match(assets, [source("SHA256SUMS", `${hex("a")}  x.bin\n${hex("b")}  linux/y.bin\n${hex("c")}  darwin/y.bin\n`), source("x.bin.sha256", `${hex("d")}\n`, "x.bin")]);
    expect(m.done.map((r) => [r.asset, r.status])).toEqual([["x.bin", "mismatch"], ["y.bin", "mismatch"]]);
    expect(m.done[0]!.reason).toMatch(/SHA256SUMS line 1 .* says aaaa.*x\.bin\.sha256 line 1 .* says dddd/);
    expect(m.done[1]!.reason).toMatch(/linux\/y\.bin.*darwin\/y\.bin.*basename/);
    expect(m.downloads).toEqual([]);
  });

  it("SHA-512 entries are downloaded and hashed (no digest shortcut); MD5-only entries are missing_checksum with a reason", () => {
    const assets = [asset("big.iso", { digest: `sha256:${hex("a")}` }), asset("old.zip"), asset("SHA512SUMS"), asset("MD5SUMS")];
    const m = match(assets, [source("SHA512SUMS", `${"e".repeat(128)}  big.iso\n`), source("MD5SUMS", `${"d".repeat(32)}  old.zip\n`)]);
    expect(m.downloads).toEqual([expect.objectContaining({ assetName: "big.iso", algorithm: "sha512", expected: "e".repeat(128) })]);
    expect(m.done).toEqual([expect.objectContaining({ asset: "old.zip", status: "missing_checksum", reason: expect.stringMatching(/only MD5 entries \(MD5SUMS\).*weak/) })]);
  });

  it("no checksum source: every asset missing_checksum; an unfinished upload is skipped, or download_failed when listed", () => {
    const assets = [asset("a"), asset("b", { state: "starter" })];
    expect(match(assets, []).done.map((r) => r.status)).toEqual(["missing_checksum"]);
    expect(match(assets, [source("SUMS", `${hex("1")}  b\n`)]).done).toEqual([expect.objectContaining({ asset: "a", status: "missing_checksum" }), expect.objectContaining({ asset: "b", status: "download_failed", reason: expect.stringMatching(/never finished/) })]);
  });

  it("assembles results in asset order then orphans, counts them, and decides on a job by bytes or count to download", () => {
    const assets = [asset("a", { digest: `sha256:${hex("1")}` }), asset("b")];
    const m = match(assets, [source("S", `${hex("1")}  a\n${hex("2")}  b\n${hex("3")}  c\n`)]);
    const plan = { repo: "o/r", tag_name: "v1", release_id: 1, checksum_sources: [], note: null, ...m };
    const out = assembleOutput(plan, { downloaded: [{ ...m.downloads[0]!, index: 1, asset: "b", entry_name: "b", status: "verified", actual: hex("2"), method: "download", size: 100, reason: null }], job: null });
    expect(out.results.map((r) => [r.asset ?? r.entry_name, r.status])).toEqual([["a", "verified"], ["b", "verified"], ["c", "orphan_checksum"]]);
    expect(out).toMatchObject({ status: "completed", ok: false, summary: { verified: 2, orphan_checksum: 1, mismatch: 0, missing_checksum: 0, download_failed: 0 } });
    const big = (n: number, size: number) => ({ downloads: Array.from({ length: n }, () => ({ asset: { size } }) as never) });
    expect([shouldRunAsJob(big(20, 1)), shouldRunAsJob(big(21, 1)), shouldRunAsJob(big(1, 256 * 1024 * 1024)), shouldRunAsJob(big(2, 200 * 1024 * 1024))]).toEqual([false, true, false, true]);
  });
});
