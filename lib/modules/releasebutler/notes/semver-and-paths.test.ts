import { describe, expect, it } from "vitest";
import { groupByPaths } from "./group-by-paths";
import { nextVersion, parseSemverTag } from "./next-version";
import { pathScope } from "./path-scope";
import { suggestSemver } from "./suggest-semver";
import { change } from "./test-changes";

describe("nextVersion", () => {
  it("bumps major, minor and patch, keeping the prefix", () => {
    expect(nextVersion("v2.2.0", "minor")).toBe("v2.3.0");
    expect(nextVersion("v2.2.7", "major")).toBe("v3.0.0");
    expect(nextVersion("2.2.7", "patch")).toBe("2.2.8");
    expect(nextVersion("@acme/ui@1.4.2+build.5", "minor")).toBe("@acme/ui@1.5.0");
    expect(nextVersion("release-1.0.0", "patch")).toBe("release-1.0.1");
  });
  it("0.x: a breaking change bumps the minor version", () => {
    expect(nextVersion("v0.3.1", "major")).toBe("v0.4.0");
    expect(nextVersion("v0.3.1", "minor")).toBe("v0.4.0");
    expect(nextVersion("v0.3.1", "patch")).toBe("v0.3.2");
  });
  it("releases a pre-release as itself when the bump fits", () => {
    expect(nextVersion("v2.0.0-rc.1", "major")).toBe("v2.0.0");
    expect(nextVersion("v2.1.0-rc.1", "major")).toBe("v3.0.0");
    expect(nextVersion("v1.3.0-beta", "minor")).toBe("v1.3.0");
    expect(nextVersion("v1.3.1-beta", "minor")).toBe("v1.4.0");
    expect(nextVersion("v1.3.1-beta", "patch")).toBe("v1.3.1");
  });
  it("gives null for non-SemVer tags and no bump", () => {
    expect(nextVersion("nightly", "minor")).toBeNull();
    expect(nextVersion("v1.2", "minor")).toBeNull();
    expect(nextVersion("v01.2.3", "minor")).toBeNull();
    expect(nextVersion("v1.2.3", "none")).toBeNull();
    expect(parseSemverTag("v1.2.3-rc.1")).toEqual({ prefix: "v", major: 1, minor: 2, patch: 3, pre: "rc.1" });
  });
});

describe("suggestSemver", () => {
  it("major for a breaking change, naming the PRs", () => {
    const s = suggestSemver([change({ number: 4, title: "feat!: x" }), change({ number: 5, title: "fix: y" })], "v2.2.0");
    expect(s).toEqual({ bump: "major", reason: "Breaking changes: #4.", next_version: "v3.0.0" });
  });
  it("minor for features, patch otherwise, none when empty", () => {
    expect(suggestSemver([change({ number: 1, title: "fix: a" }), change({ number: 2, labels: ["enhancement"] })], "v2.2.0")).toMatchObject({ bump: "minor", next_version: "v2.3.0", reason: expect.stringContaining("#2") });
    expect(suggestSemver([change({ number: null, title: "docs: a", sha: "1234567abc" })], "v2.2.0")).toMatchObject({ bump: "patch", next_version: "v2.2.1" });
    expect(suggestSemver([], "v2.2.0")).toEqual({ bump: "none", reason: "No changes in the range.", next_version: null });
  });
  it("states the 0.x rule, and lists at most five changes", () => {
    const many = Array.from({ length: 7 }, (_, i) => change({ number: i + 1, title: "feat!: x" }));
    const s = suggestSemver(many, "v0.9.0");
    expect(s.next_version).toBe("v0.10.0");
    expect(s.reason).toMatch(/^Breaking changes: #1, #2, #3, #4, #5 and 2 more\. The version is 0\.x, so a breaking change bumps the minor version/);
    expect(suggestSemver(many, null).next_version).toBeNull();
  });
});

describe("pathScope and groupByPaths", () => {
  it("maps paths to monorepo scopes", () => {
    expect(pathScope("packages/ui/src/button.tsx")).toBe("ui");
    expect(pathScope("packages/@acme/ui/src/x.ts")).toBe("@acme/ui");
    expect(pathScope("apps/web/page.tsx")).toBe("web");
    expect(pathScope("docs/intro.md")).toBe("docs");
    expect(pathScope("README.md")).toBe("(root)");
    expect(pathScope("packages/README.md")).toBe("packages");
  });
  it("lists a change in every scope it touches; unread changes last", () => {
    const a = change({ number: 1 });
    const b = change({ number: 2 });
    const c = change({ number: 3 });
    const groups = groupByPaths([a, b, c], new Map([[a, ["packages/ui/a.ts", "apps/web/b.ts", "packages/ui/c.ts"]], [b, ["README.md", "apps/web/x.ts"]]]));
    expect(groups.map((g) => [g.title, g.items.map((i) => i.number)])).toEqual([
      ["ui", [1]],
      ["web", [1, 2]],
      ["(root)", [2]],
      ["Other changes (files not read)", [3]],
    ]);
  });
});
