import { describe, expect, it } from "vitest";
import { excludeMatcher } from "./exclude-changes";
import { groupByLabels } from "./group-by-labels";
import { parseReleaseConfig } from "./release-config";
import { change } from "./test-changes";

const DOCS_EXAMPLE = `# .github/release.yml
changelog:
  exclude:
    labels:
      - ignore-for-release
    authors:
      - octocat
  categories:
    - title: Breaking Changes 🛠
      labels:
        - Semver-Major
        - breaking-change
    - title: Exciting New Features 🎉
      labels:
        - Semver-Minor
        - enhancement
    - title: Other Changes
      labels:
        - "*"
`;

describe("parseReleaseConfig", () => {
  it("reads GitHub's documented example", () => {
    const { config, problem } = parseReleaseConfig(DOCS_EXAMPLE);
    expect(problem).toBeUndefined();
    expect(config).toEqual({
      exclude: { labels: ["ignore-for-release"], authors: ["octocat"] },
      categories: [
        { title: "Breaking Changes 🛠", labels: ["Semver-Major", "breaking-change"], exclude: { labels: [], authors: [] } },
        { title: "Exciting New Features 🎉", labels: ["Semver-Minor", "enhancement"], exclude: { labels: [], authors: [] } },
        { title: "Other Changes", labels: ["*"], exclude: { labels: [], authors: [] } },
      ],
    });
  });
  it("accepts a single string and flow lists, numbers as text, unknown keys", () => {
    const { config } = parseReleaseConfig("changelog:\n  extra: 1\n  categories:\n    - title: All\n      labels: '*'\n      exclude: { labels: [deps, 2024] }\n");
    expect(config?.categories[0]).toEqual({ title: "All", labels: ["*"], exclude: { labels: ["deps", "2024"], authors: [] } });
  });
  it("reports invalid YAML and missing required fields, and ignores a file without changelog", () => {
    expect(parseReleaseConfig("changelog: [unclosed").problem).toMatch(/not valid YAML/);
    expect(parseReleaseConfig("changelog:\n  categories:\n    - labels: [bug]\n").problem).toMatch(/changelog\.categories\.0\.title/);
    expect(parseReleaseConfig("changelog:\n  categories:\n    - title: Bugs\n").problem).toMatch(/labels/);
    expect(parseReleaseConfig("other: 1\n")).toEqual({ config: null });
    expect(parseReleaseConfig("")).toEqual({ config: null });
  });
  it("bounds aliases (a billion-laughs file fails instead of expanding)", () => {
    const bomb = ["a: &a [x,x,x,x,x,x,x,x,x]", ...Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(",")}]`), "changelog: *i"].join("\n");
    expect(parseReleaseConfig(bomb).problem).toBeTruthy();
  });
});

describe("excludeMatcher", () => {
  it("matches labels case-insensitively and authors with or without [bot]", () => {
    const ex = excludeMatcher({ labels: ["Ignore-For-Release"], authors: ["dependabot", "octocat"] });
    expect(ex(change({ labels: ["ignore-for-release"] }))).toBe(true);
    expect(ex(change({ author: "dependabot[bot]", isBot: true }))).toBe(true);
    expect(ex(change({ author: "OctoCat" }))).toBe(true);
    expect(ex(change({ author: "octocat", isLogin: false }))).toBe(false);
    expect(ex(change({ author: "mona" }))).toBe(false);
  });
});

describe("groupByLabels", () => {
  const { config } = parseReleaseConfig(DOCS_EXAMPLE);
  it("takes the first matching category; * catches the rest; direct commits follow", () => {
    const items = [
      change({ number: 1, labels: ["enhancement", "breaking-change"] }),
      change({ number: 2, labels: ["ENHANCEMENT"] }),
      change({ number: 3, labels: [] }),
      change({ number: null, title: "Hotfix" }),
    ];
    const { groups, unmatched } = groupByLabels(items, config);
    expect(groups.map((g) => [g.title, g.items.map((i) => i.number)])).toEqual([
      ["Breaking Changes 🛠", [1]],
      ["Exciting New Features 🎉", [2]],
      ["Other Changes", [3]],
      ["Direct commits", [null]],
    ]);
    expect(unmatched).toBe(0);
  });
  it("lets a category's exclusions pass a PR on to the next category, and leaves out PRs no category takes", () => {
    const { config: c } = parseReleaseConfig(
      "changelog:\n  categories:\n    - title: Features\n      labels: ['*']\n      exclude:\n        labels: [dependencies]\n        authors: [renovate]\n    - title: Dependencies\n      labels: [dependencies]\n",
    );
    const items = [change({ number: 1 }), change({ number: 2, labels: ["dependencies"] }), change({ number: 3, author: "renovate[bot]", isBot: true })];
    const r = groupByLabels(items, c);
    expect(r.groups.map((g) => [g.title, g.items.map((i) => i.number)])).toEqual([
      ["Features", [1]],
      ["Dependencies", [2]],
    ]);
    expect(r.unmatched).toBe(1);
  });
  it("lists everything under What's Changed without categories", () => {
    expect(groupByLabels([change({ number: 1 }), change({ number: 2 })], null).groups).toEqual([{ title: "What's Changed", items: [expect.anything(), expect.anything()] }]);
    expect(groupByLabels([], null).groups).toEqual([]);
  });
});
