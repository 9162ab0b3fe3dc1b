import { cleanGitHubText, sha256OfDigest, type GitHubAsset } from "../release-view";
import { isVerifiable, type ChecksumEntry, type HashAlgorithm } from "./checksum-types";
import type { AssetRole } from "./classify-asset-name";
import type { LoadedSource } from "./load-checksum-sources";
import type { IndexedResult, PlannedDownload, VerificationPlan } from "./plan-types";

type Hit = ChecksumEntry & { source: string };
const clean = (s: string) => cleanGitHubText(s, 255) ?? "";
const short = (hex: string) => `${hex.slice(0, 12)}…`;

/** The entries one name is checked against: SHA-256 when listed (GitHub's digest can answer), else SHA-512; disagreements. */
function chooseEntries(hits: Hit[]): { algorithm: HashAlgorithm; first: Hit; conflict: string | null } | null {
  const usable = hits.filter((h) => isVerifiable(h.algorithm));
  if (!usable.length) return null;
  const algorithm: HashAlgorithm = usable.some((h) => h.algorithm === "sha256") ? "sha256" : "sha512";
  const chosen = usable.filter((h) => h.algorithm === algorithm);
  const first = chosen[0]!;
  const other = chosen.find((h) => h.hex !== first.hex);
  if (!other) return { algorithm, first, conflict: null };
  const where = (h: Hit) => `${h.source} line ${h.line} (${JSON.stringify(clean(h.name))}) says ${short(h.hex)}`;
  return { algorithm, first, conflict: `the checksum entries for this name disagree: ${where(first)}, ${where(other)} — entries are matched on the file's basename, so a ./ or directory prefix does not tell them apart` };
}

const weakOnly = (hits: Hit[]) => `only ${[...new Set(hits.map((h) => h.algorithm.toUpperCase()))].join("/")} entries (${[...new Set(hits.map((h) => h.source))].join(", ")}) list it: weak algorithms are not verified`;

/**
 * Match the assets of a release with the entries of its checksum files, on basename (`./dist/app.tar.gz` names
 * `app.tar.gz`). Per asset, in GitHub's order: no entry → `missing_checksum` (checksum files themselves, unlisted
 * signatures/attestations and unfinished uploads are `skipped` instead); entries that disagree → `mismatch`; a SHA-256
 * entry and GitHub's `sha256:` digest → compared at once, nothing downloaded (digest-first; `verifyDigests` downloads
 * anyway and compares both); otherwise a planned download. Then every name listed with no asset → `orphan_checksum`.
 * Pure. @returns the results known now and the downloads to make.
 */
export function matchChecksums(o: { assets: GitHubAsset[]; roles: Map<number, AssetRole>; sources: LoadedSource[]; unselected: string[]; verifyDigests: boolean }): Pick<VerificationPlan, "done" | "downloads" | "skipped"> {
  const byName = new Map<string, Hit[]>();
  for (const s of o.sources) for (const e of s.entries) byName.set(e.basename, [...(byName.get(e.basename) ?? []), { ...e, source: s.name }]);
  const done: IndexedResult[] = [];
  const downloads: PlannedDownload[] = [];
  const skipped: VerificationPlan["skipped"] = [];
  const sourceNames = new Set(o.assets.filter((a) => o.roles.get(a.id)?.role === "checksum").map((a) => a.name));
  o.assets.forEach((a, index) => {
    const hits = byName.get(a.name) ?? [];
    const asset = clean(a.name);
    const digest = sha256OfDigest(a.digest);
    const base = { index, asset, size: a.size, entry_name: null, algorithm: null, expected: null, actual: null, method: null, source: null, reason: null } as const;
    if (!hits.length) {
      const role = o.roles.get(a.id)?.role;
      if (sourceNames.has(a.name)) return void skipped.push({ asset, reason: o.unselected.includes(a.name) ? "checksum file, not read (checksum_asset names another)" : "checksum file" });
      if (role === "signature") return void skipped.push({ asset, reason: "signature / certificate / attestation, not listed in a checksum file" });
      if (a.state !== "uploaded") return void skipped.push({ asset, reason: `upload never finished (state ${a.state})` });
      return void done.push({ ...base, status: "missing_checksum", actual: digest, method: digest ? "digest" : null, reason: "no checksum file lists this asset" });
    }
    const pick = chooseEntries(hits);
    if (!pick) return void done.push({ ...base, status: "missing_checksum", actual: digest, method: digest ? "digest" : null, reason: weakOnly(hits) });
    const { algorithm, first, conflict } = pick;
    const entry = { entry_name: clean(first.name), algorithm, expected: first.hex, source: first.source };
    const viaDigest = algorithm === "sha256" && digest ? ({ actual: digest, method: "digest" } as const) : {};
    if (conflict) return void done.push({ ...base, ...entry, ...viaDigest, status: "mismatch", reason: conflict });
    if (a.state !== "uploaded") return void done.push({ ...base, ...entry, status: "download_failed", reason: `the upload never finished (state ${a.state}): GitHub serves no bytes` });
    if (algorithm === "sha256" && digest && !o.verifyDigests) {
      const same = digest === first.hex;
      return void done.push({ ...base, ...entry, ...viaDigest, status: same ? "verified" : "mismatch", reason: same ? null : `GitHub's sha256 digest of the asset differs from ${first.source}` });
    }
    downloads.push({ index, asset: { id: a.id, name: a.name, size: a.size, content_type: a.content_type }, assetName: asset, entryName: entry.entry_name, algorithm, expected: first.hex, source: first.source, digest: o.verifyDigests ? digest : null });
  });
  const assetNames = new Set(o.assets.map((a) => a.name));
  let index = o.assets.length;
  for (const [name, hits] of byName) {
    if (assetNames.has(name)) continue;
    const pick = chooseEntries(hits);
    const first = pick?.first ?? hits[0]!;
    const reason = pick ? `no asset of the release is named ${JSON.stringify(clean(name))}${pick.conflict ? `; also ${pick.conflict}` : ""}` : `no asset of the release is named ${JSON.stringify(clean(name))} (${weakOnly(hits)})`;
    done.push({ index: index++, asset: null, entry_name: clean(first.name), status: "orphan_checksum", algorithm: pick?.algorithm ?? null, expected: pick ? first.hex : null, actual: null, method: null, source: first.source, size: null, reason });
  }
  return { done, downloads, skipped };
}
