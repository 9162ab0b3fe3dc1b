import { describe, expect, it } from "vitest";
import { classifyChange } from "./classify-change";
import { parseConventionalHeader } from "./conventional-commit";
import { groupByConventional } from "./group-by-conventional";
import { hasBreakingFooter } from "./has-breaking-footer";
import { change } from "./test-changes";

describe("parseConventionalHeader (Conventional Commits 1.0.0)", () => {
  it("reads type, scope, ! and description", () => {
    expect(parseConventionalHeader("feat(api)!: drop the v1 endpoints")).toEqual({ type: "feat", scope: "api", bang: true, description: "drop the v1 endpoints" });
    expect(parseConventionalHeader("fix: handle empty tags")).toEqual({ type: "fix", scope: null, bang: false, description: "handle empty tags" });
    expect(parseConventionalHeader("FEAT(ui): Dark mode")).toMatchObject({ type: "feat", scope: "ui" });
    expect(parseConventionalHeader("chore!: drop Node 18")).toMatchObject({ type: "chore", bang: true });
  });
  it("refuses what is not a header", () => {
    for (const s of ["Add dark mode", "feat:missing space", "feat(): empty scope", "feat(a)(b): two scopes", ": no type", "feat : space before colon", "feat!(api): bang before scope"]) {
      expect(parseConventionalHeader(s), s).toBeNull();
    }
  });
});

describe("hasBreakingFooter", () => {
  it("finds BREAKING CHANGE and BREAKING-CHANGE footers, upper-case only", () => {
    expect(hasBreakingFooter("Body.\n\nBREAKING CHANGE: config moved")).toBe(true);
    expect(hasBreakingFooter("Body.\r\n\r\nBREAKING-CHANGE: config moved")).toBe(true);
    expect(hasBreakingFooter("BREAKING CHANGE #12")).toBe(true);
    expect(hasBreakingFooter("breaking change: lower case is not a footer")).toBe(false);
    expect(hasBreakingFooter("This is not a BREAKING CHANGE: mid-line")).toBe(false);
    expect(hasBreakingFooter("BREAKING CHANGES: plural token")).toBe(false);
  });
});

describe("classifyChange", () => {
  it("marks breaking from the title, the PR body, a commit or a label", () => {
    expect(classifyChange(change({ title: "feat(api)!: x" })).breaking).toBe(true);
    expect(classifyChange(change({ title: "refactor: x", body: "Notes\n\nBREAKING CHANGE: y" })).breaking).toBe(true);
    expect(classifyChange(change({ title: "Rework", messages: ["fix: a", "feat!: b"] })).breaking).toBe(true);
    expect(classifyChange(change({ title: "Rework", messages: ["fix: a\n\nBREAKING CHANGE: gone"] })).breaking).toBe(true);
    for (const l of ["breaking", "breaking-change", "Breaking Change", "semver:major", "Semver-Major", "kind/breaking-change"]) {
      expect(classifyChange(change({ title: "x", labels: [l] })).breaking, l).toBe(true);
    }
    expect(classifyChange(change({ title: "feat: x", labels: ["bug"] })).breaking).toBe(false);
  });
  it("marks features from feat titles or labels, and feat commits only when the title is not conventional", () => {
    expect(classifyChange(change({ title: "feat: x" })).feature).toBe(true);
    expect(classifyChange(change({ title: "x", labels: ["enhancement"] })).feature).toBe(true);
    expect(classifyChange(change({ title: "x", labels: ["semver:minor"] })).feature).toBe(true);
    expect(classifyChange(change({ title: "Add x", messages: ["feat: x"] })).feature).toBe(true);
    expect(classifyChange(change({ title: "fix: x", messages: ["feat: x"] })).feature).toBe(false);
  });
});

describe("groupByConventional", () => {
  it("puts breaking changes first and only there, then the types in order, the rest under Other Changes", () => {
    const items = [
      change({ number: 1, title: "fix: a" }),
      change({ number: 2, title: "feat(api)!: b" }),
      change({ number: 3, title: "feat: c" }),
      change({ number: 4, title: "docs: d" }),
      change({ number: 5, title: "Update README" }),
      change({ number: 6, title: "perf: e", body: "BREAKING CHANGE: f" }),
      change({ number: null, title: "ci: g" }),
      change({ number: 7, title: "weird: h" }),
    ];
    const groups = groupByConventional(items);
    expect(groups.map((g) => [g.title, g.items.map((i) => i.number)])).toEqual([
      ["Breaking Changes", [2, 6]],
      ["Features", [3]],
      ["Bug Fixes", [1]],
      ["Documentation", [4]],
      ["Build & CI", [null]],
      ["Other Changes", [5, 7]],
    ]);
  });
});
