/**
 * The identity of a vulnerable-dependency finding, the same whichever scanner reports it (Trivy, Grype, npm audit,
 * yarn audit, retire.js): the advisory id + package name + installed version, so one CVE in one package version found
 * by several tools merges into one finding listing every source. The advisory id is the first CVE id (sorted) when
 * there is one, else the first GHSA id, else the tool's own id — scanners that know only a GHSA (npm audit v7) merge
 * with others reporting that GHSA. Package names are compared lower-case (npm, PyPI and Go names are case-insensitive
 * in practice); versions as written, a leading `v` dropped.
 */
export function dependencyKey(o: { ids: readonly string[]; name: string; version?: string }): string {
  const ids = [...new Set(o.ids.map((i) => i.trim().toUpperCase()).filter(Boolean))].sort();
  const primary = ids.find((i) => i.startsWith("CVE-")) ?? ids.find((i) => i.startsWith("GHSA-")) ?? ids[0] ?? "UNKNOWN";
  const version = (o.version ?? "").trim().replace(/^v(?=\d)/, "");
  return `dep:${primary}|${o.name.trim().toLowerCase()}|${version}`;
}
