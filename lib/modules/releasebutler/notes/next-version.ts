// SemVer 2.0.0 §2, §9, §10, after an optional tag prefix (`v`, `release-`, `pkg@`, `ui/v`).
const SEMVER =
  /^(?<prefix>(?:.*[@/_-])?[vV]?)(?<major>0|[1-9]\d{0,15})\.(?<minor>0|[1-9]\d{0,15})\.(?<patch>0|[1-9]\d{0,15})(?:-(?<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** A SemVer tag's parts, or null when the tag is not `[prefix]MAJOR.MINOR.PATCH[-pre][+build]`. */
export function parseSemverTag(tag: string): { prefix: string; major: number; minor: number; patch: number; pre: string | null } | null {
  const g = SEMVER.exec(tag)?.groups;
  if (!g) return null;
  return { prefix: g.prefix ?? "", major: Number(g.major), minor: Number(g.minor), patch: Number(g.patch), pre: g.pre ?? null };
}

/**
 * The version after `tag` for a bump, prefix kept, build metadata dropped; null when `tag` is not SemVer or the bump
 * is `none`. Rules: `1.4.2` + major → `2.0.0`, + minor → `1.5.0`, + patch → `1.4.3`. Major version zero (SemVer §4:
 * anything may change): a breaking change bumps the minor version (`0.3.1` + major → `0.4.0`), as npm's and Cargo's
 * caret ranges treat `0.y` as the compatibility line. A pre-release is first released as itself when the bump fits
 * (`2.0.0-rc.1` + major → `2.0.0`; `1.3.0-beta` + minor → `1.3.0`; any + patch → `1.3.0`), as `semver.inc` does.
 */
export function nextVersion(tag: string, bump: "major" | "minor" | "patch" | "none"): string | null {
  const v = parseSemverTag(tag);
  if (!v || bump === "none") return null;
  const effective = bump === "major" && v.major === 0 ? "minor" : bump;
  let { major, minor, patch } = v;
  if (effective === "major") {
    if (!(v.pre && minor === 0 && patch === 0)) major++;
    minor = 0;
    patch = 0;
  } else if (effective === "minor") {
    if (!(v.pre && patch === 0)) minor++;
    patch = 0;
  } else if (!v.pre) patch++;
  return `${v.prefix}${major}.${minor}.${patch}`;
}
