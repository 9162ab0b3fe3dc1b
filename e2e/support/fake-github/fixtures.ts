import fs from "node:fs";

/** A JSON object from GitHub's OpenAPI examples (see `extract-fixtures.ts`). */
export type Json = Record<string, unknown>;

const NAMES = [
  "root",
  "rate-limit-overview",
  "simple-user",
  "private-user",
  "full-repository",
  "minimal-repository",
  "repository",
  "pull-request",
  "pull-request-simple",
  "workflow",
  "workflow-run",
  "job",
  "artifact",
  "issue",
  "issue-comment",
  "issue-search-result",
  "issue-search-result-item",
  "integration",
  "installation",
  "installation-token",
  "release",
  "release-asset",
  "commit",
  "commit-comparison",
  "diff-entry",
  "content-file",
  "git-ref",
] as const;
export type FixtureName = (typeof NAMES)[number];

const cache = new Map<FixtureName, string>();

/** The example's JSON text, read once per process. */
function text(name: FixtureName): string {
  let t = cache.get(name);
  if (t === undefined) {
    t = fs.readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8");
    cache.set(name, t);
  }
  return t;
}

/**
 * A fresh copy of GitHub's example `name`, with every URL moved onto the fake: `pairs` first (the example's sample
 * repository and user → ours), then GitHub's hosts (`https://api.github.com`, `https://github.com`, …) → `apiUrl`, so
 * every `*_url` in a response points at the fake. Callers then override ids, names and timestamps.
 */
export function fixture(name: FixtureName, apiUrl: string, pairs: [string, string][] = []): Json {
  let t = text(name);
  const host = new URL(apiUrl).host;
  const all: [string, string][] = [
    ...pairs,
    ["https://api.github.com", apiUrl],
    ["https://api/github.com", apiUrl],
    ["https://uploads.github.com", apiUrl],
    ["https://svn.github.com", apiUrl],
    ["https://github.com", apiUrl],
    ["git:github.com/", `git://${host}/`],
    ["git@github.com:", `git@${host}:`],
  ];
  for (const [from, to] of all) t = t.split(from).join(to);
  return JSON.parse(t) as Json;
}

/** The fixture names, for tests that compare rendered key sets with GitHub's examples. */
export const FIXTURE_NAMES: readonly FixtureName[] = NAMES;

/** The untouched example (no URL rewriting), for key-set comparisons. */
export function rawFixture(name: FixtureName): Json {
  return JSON.parse(text(name)) as Json;
}
