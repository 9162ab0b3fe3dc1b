// releasebutler_get_release and releasebutler_list_assets against the fake GitHub: by tag, latest, drafts by tag with
// push access only, asset digests and starter uploads, paging, untrusted notes bounded.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "@/e2e/support/fake-github";
import { resetEnvForTests } from "@/lib/env";
import { resetGitHubClients } from "@/lib/github/github-access";
import { errorCodeOf } from "@/lib/runtime/test-support";
import { runTool, type ToolCallResult } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";

const WRITER = "github_pat_11FACTSWRITER0fakeTokenForReleaseFacts_0123456789abcdefghijklmnopqrstuvwxyzAB";
const READER = "github_pat_11FACTSREADER0fakeTokenForReleaseFacts_0123456789abcdefghijklmnopqrstuvwxyzAB";
const REPO = "acme/facts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let gh: FakeGitHub;

async function call(name: string, args: Record<string, unknown>, token = WRITER): Promise<ToolCallResult & { sc: Json }> {
  process.env.GITHUB_TOKEN = token;
  resetEnvForTests();
  resetGitHubClients();
  const r = await runTool({ tool: findTool(name)!, args, principal: "tester", requestId: `t-${Date.now()}`, catalog: { findTool } });
  return { ...r, sc: (r.structuredContent ?? {}) as Json };
}

beforeAll(async () => {
  gh = await startFakeGitHub({ seed: "empty" });
  gh.addToken(WRITER, { login: "mona", kind: "pat" });
  gh.addToken(READER, { login: "hubot", kind: "pat", permissions: { contents: "read", metadata: "read" } });
  gh.addRepo({ owner: "acme", name: "facts" });
  gh.addCommit({ repo: REPO, message: "Initial commit", author: "mona" });
  const t0 = Date.now() - 10 * 86_400_000;
  gh.addRelease({ repo: REPO, tag: "v1.0.0", body: "Old notes", createdAtMs: t0, assets: [{ name: "a.tar.gz", content: "aaaa" }, { name: "legacy.zip", content: "zz", digest: null }] });
  gh.addRelease({ repo: REPO, tag: "v1.1.0", body: `Notes ${"x".repeat(30_000)}`, createdAtMs: t0 + 86_400_000, assets: Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.bin`, content: `file ${i}` })) });
  gh.addRelease({ repo: REPO, tag: "v2.0.0-rc.1", prerelease: true, createdAtMs: t0 + 2 * 86_400_000 });
  gh.addRelease({ repo: REPO, tag: "v2.0.0", draft: true, createdAtMs: t0 + 3 * 86_400_000 });
});
afterAll(async () => {
  await gh?.close();
  for (const k of ["GITHUB_API_URL", "GITHUB_TOKEN", "GITHUB_URL_ALLOWLIST"]) delete process.env[k];
  resetEnvForTests();
  resetGitHubClients();
});
beforeEach(() => {
  Object.assign(process.env, { GITHUB_API_URL: gh.apiUrl, GITHUB_URL_ALLOWLIST: "127.0.0.1" });
});

describe("releasebutler_get_release", () => {
  it("latest is the newest published, non-prerelease release; its notes are bounded", async () => {
    const r = await call("releasebutler_get_release", { repo: REPO, latest: true });
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect(r.sc.release).toMatchObject({ tag_name: "v1.1.0", draft: false, prerelease: false, body_truncated: true });
    expect(r.sc.release.body.length).toBeLessThanOrEqual(20_000);
    expect(r.sc.assets).toMatchObject({ count: 5, with_digest: 5, starter: 0 });
  });

  it("by tag: digests and sizes summarised; a draft is found by tag with push access, and is NOT_FOUND without", async () => {
    const old = await call("releasebutler_get_release", { repo: REPO, tag: "v1.0.0" });
    expect(old.sc.assets).toMatchObject({ count: 2, with_digest: 1, total_bytes: 6, names: ["a.tar.gz", "legacy.zip"] });
    const draft = await call("releasebutler_get_release", { repo: REPO, tag: "v2.0.0" });
    expect(draft.isError, JSON.stringify(draft.content)).toBeFalsy();
    expect(draft.sc.release).toMatchObject({ tag_name: "v2.0.0", draft: true });
    const hidden = await call("releasebutler_get_release", { repo: REPO, tag: "v2.0.0" }, READER);
    expect(errorCodeOf(hidden)).toBe("NOT_FOUND");
    expect(hidden.content[0]!.text).toMatch(/push access/);
  });

  it("refuses both or neither selector, a bad tag name, and names an unknown tag", async () => {
    expect(errorCodeOf(await call("releasebutler_get_release", { repo: REPO }))).toBe("VALIDATION_ERROR");
    expect(errorCodeOf(await call("releasebutler_get_release", { repo: REPO, tag: "v1.0.0", latest: true }))).toBe("VALIDATION_ERROR");
    expect(errorCodeOf(await call("releasebutler_get_release", { repo: REPO, tag: "v1..0" }))).toBe("VALIDATION_ERROR");
    const missing = await call("releasebutler_get_release", { repo: REPO, tag: "v9.9.9" });
    expect(errorCodeOf(missing)).toBe("NOT_FOUND");
    expect(missing.content[0]!.text).toContain("v9.9.9");
  });
});

describe("releasebutler_list_assets", () => {
  it("lists every asset with size, digest and URLs, paged by offset", async () => {
    const first = await call("releasebutler_list_assets", { repo: REPO, tag: "v1.1.0", limit: 2 });
    expect(first.sc.total).toBe(5);
    expect(first.sc.next_offset).toBe(2);
    expect(first.sc.assets.map((a: Json) => a.name)).toEqual(["f0.bin", "f1.bin"]);
    expect(first.sc.assets[0]).toMatchObject({ size: 6, state: "uploaded", digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), browser_download_url: expect.stringContaining("/releases/download/v1.1.0/f0.bin") });
    const last = await call("releasebutler_list_assets", { repo: REPO, tag: "v1.1.0", offset: 4, limit: 2 });
    expect(last.sc.assets.map((a: Json) => a.name)).toEqual(["f4.bin"]);
    expect(last.sc.next_offset).toBeNull();
    const legacy = await call("releasebutler_list_assets", { repo: REPO, tag: "v1.0.0" });
    expect(legacy.sc.assets.find((a: Json) => a.name === "legacy.zip").digest).toBeNull();
  });
});
