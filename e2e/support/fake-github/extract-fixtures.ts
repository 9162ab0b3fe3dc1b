// Extracts the GitHub REST examples the fake GitHub renders from (one per type) out of @octokit/openapi's 10 MB spec
// into small committed JSON files, so the fake follows GitHub's documented shapes without loading the spec at run time.
// Run: npx tsx e2e/support/fake-github/extract-fixtures.ts
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Json = Record<string, unknown>;

const require = createRequire(import.meta.url);
const specPath = require.resolve("@octokit/openapi/generated/api.github.com.json");
const spec = JSON.parse(fs.readFileSync(specPath, "utf8")) as { components: { examples: Record<string, { value: unknown }> } };
const examples = spec.components.examples;
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

function example(name: string): Json {
  const found = examples[name];
  if (!found) throw new Error(`example ${name} is not in the spec`);
  return structuredClone(found.value) as Json;
}

/** Nested repository objects are re-rendered by the fake from their own fixture: keep one copy of each shape. */
function dropRepos(pull: Json): Json {
  for (const side of ["head", "base"] as const) (pull[side] as Json).repo = null;
  return pull;
}

const searchPage = example("issue-search-result-item-paginated");
const commit = example("commit");
const pull = example("pull-request");

const fixtures: Record<string, Json> = {
  root: example("root"),
  "rate-limit-overview": example("rate-limit-overview"),
  "simple-user": example("simple-user"),
  "private-user": example("private-user"),
  // The example's `template_repository`, `parent` and `source` are whole repositories (fork/template data): our
  // repositories are neither forks nor generated from templates.
  "full-repository": (({ parent: _p, source: _s, ...rest }) => ({ ...rest, template_repository: null }))(example("full-repository")),
  "minimal-repository": (({ template_repository: _t, ...rest }) => rest)(example("minimal-repository")),
  // The `repository` shape (pull-request head/base repos, installation-token repositories).
  repository: (pull.head as Json).repo as Json,
  "pull-request": dropRepos(pull),
  "pull-request-simple": dropRepos(example("pull-request-simple")),
  workflow: example("workflow"),
  "workflow-run": { ...example("workflow-run"), repository: null, head_repository: null },
  job: example("job"),
  artifact: example("artifact"),
  issue: example("issue"),
  "issue-comment": example("issue-comment"),
  "issue-search-result": { ...searchPage, items: [] },
  "issue-search-result-item": (searchPage.items as Json[])[0] as Json,
  integration: example("integration"),
  installation: example("installation"),
  "installation-token": (({ repositories: _r, ...rest }) => rest)(example("installation-token")),
  // Release Butler: nested assets, commits and files are rendered from their own fixtures.
  release: { ...example("release"), assets: [] },
  "release-asset": example("release-asset"),
  commit: { ...commit, files: [] },
  "commit-comparison": { ...example("commit-comparison"), base_commit: null, merge_base_commit: null, commits: [], files: [] },
  "diff-entry": (example("diff-entry-items") as unknown as Json[])[0] as Json,
  "content-file": example("content-file"),
  "git-ref": example("git-ref"),
};

fs.mkdirSync(outDir, { recursive: true });
for (const [name, value] of Object.entries(fixtures)) {
  fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(value, null, 2) + "\n");
}
console.log(`wrote ${Object.keys(fixtures).length} fixtures to ${path.relative(process.cwd(), outDir)}`);
