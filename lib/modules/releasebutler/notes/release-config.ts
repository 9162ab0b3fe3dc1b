import { parse } from "yaml";
import { z } from "zod";

// YAML scalars in a list may load as numbers or booleans (`- 2024`, `- true`): labels and logins are text.
const Scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v).trim());
const List = z
  .union([Scalar.transform((s) => [s]), z.array(Scalar).max(500)])
  .nullish()
  .transform((v) => (v ?? []).filter(Boolean));
const Exclude = z.object({ labels: List, authors: List }).nullish().transform((e) => ({ labels: e?.labels ?? [], authors: e?.authors ?? [] }));

const ReleaseYml = z.object({
  changelog: z
    .object({
      exclude: Exclude,
      categories: z
        .array(z.object({ title: Scalar.pipe(z.string().min(1).max(200)), labels: List.pipe(z.array(z.string()).min(1)), exclude: Exclude }))
        .max(100)
        .nullish()
        .transform((c) => c ?? []),
    })
    .nullish(),
});

/** GitHub's release-notes configuration (`.github/release.yml`), normalised: every list present, text trimmed. */
export type ReleaseConfig = {
  exclude: { labels: string[]; authors: string[] };
  categories: { title: string; labels: string[]; exclude: { labels: string[]; authors: string[] } }[];
};

/**
 * Parse `.github/release.yml` as GitHub documents it ("Automatically generated release notes" → Configuration
 * options): `changelog.exclude.labels|authors`, `changelog.categories[].title` and `.labels` (both required; `"*"`
 * is the catch-all), `changelog.categories[].exclude.labels|authors`. A single string where a list is expected
 * (`labels: "*"`) is accepted as a one-item list; unknown keys are ignored.
 * @returns `{ config }` (null when the file has no `changelog`), or `{ config: null, problem }` for invalid YAML or
 *   a missing required field — the caller notes it and falls back to the default grouping, never failing the call.
 */
export function parseReleaseConfig(text: string): { config: ReleaseConfig | null; problem?: string } {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100, prettyErrors: false });
  } catch (e) {
    return { config: null, problem: `it is not valid YAML (${String((e as Error).message).split("\n")[0]!.slice(0, 200)})` };
  }
  const parsed = ReleaseYml.safeParse(doc ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { config: null, problem: `${issue.path.join(".") || "(root)"}: ${issue.message}`.slice(0, 300) };
  }
  const changelog = parsed.data.changelog;
  if (!changelog) return { config: null };
  return { config: { exclude: changelog.exclude, categories: changelog.categories } };
}
