import path from "node:path";
import { reportText, TEXT_LIMITS } from "./report-text";
import { int, obj, str } from "./sarif-shape";
import { multiformatText, oneLine } from "./sarif-text";
import type { ParsedFinding } from "./types";

/** Longest path kept, characters (the bound the other AuditLens parsers use). */
const PATH_CHARS = 1000;

// GitHub Actions workspaces only (hosted Linux runners, container actions), as the other AuditLens parsers strip them:
// the same file must get the same path from every report. Other absolute paths become relative when a base id or an
// invocation's working directory allows it, else stay absolute.
const WORKSPACE = /^(?:\/home\/runner\/work\/[^/]+\/[^/]+\/|\/github\/workspace\/)/;

/** What a run says about paths: `originalUriBaseIds` (§3.14.14), `artifacts[*].location` (§3.14.15), working dirs. */
export type RunPaths = {
  bases: Map<string, { uri?: string; uriBaseId?: string }>;
  artifacts: ({ uri?: string; uriBaseId?: string } | undefined)[];
  workingDirs: string[];
};

/** No base ids, artifacts or working directories yet (a run before its `originalUriBaseIds` arrive). */
export const emptyRunPaths = (): RunPaths => ({ bases: new Map(), artifacts: [], workingDirs: [] });

/** An `artifactLocation` (§3.4) reduced to its `uri` and `uriBaseId` (anything else in it is dropped). */
export function uriRef(v: unknown): { uri?: string; uriBaseId?: string } | undefined {
  const o = obj(v);
  return o ? { uri: str(o.uri)?.trim(), uriBaseId: str(o.uriBaseId) } : undefined;
}

/** `originalUriBaseIds` as a map, bounded to 100 entries. */
export function baseIds(v: unknown): RunPaths["bases"] {
  const out: RunPaths["bases"] = new Map();
  for (const [k, ref] of Object.entries(obj(v) ?? {}).slice(0, 100)) {
    const r = uriRef(ref);
    if (r) out.set(k, r);
  }
  return out;
}

const hasScheme = (u: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(u) && !/^[A-Za-z]:[\\/]/.test(u);
const isAbsolute = (u: string) => hasScheme(u) || u.startsWith("/") || /^[A-Za-z]:[\\/]/.test(u);
const join = (prefix: string, rel: string) => (prefix.endsWith("/") ? prefix : `${prefix}/`) + rel;

/** A URI as a file path: `file://` dropped (`file:///C:/x` → `C:/x`, `file://host/x` → `//host/x`), percent-decoded. */
function uriToPath(u: string): string {
  let s = u.replace(/^file:\/\/(?=\/)/i, "").replace(/^file:\/\//i, "//").replace(/^file:/i, "");
  try {
    s = decodeURIComponent(s);
  } catch {
    // malformed escapes: keep the text as written
  }
  s = s.replace(/\\/g, "/"); // Windows tools write `src\a.cs`; the other parsers normalise the same way
  return /^\/[A-Za-z]:\//.test(s) ? s.slice(1) : s;
}

function tidy(p: string): string | undefined {
  let s = p.replace(WORKSPACE, "");
  if (!hasScheme(s)) s = s.startsWith("//") ? `/${path.posix.normalize(s)}` : path.posix.normalize(s);
  while (s.startsWith("./")) s = s.slice(2);
  return s === "" || s === "." ? undefined : reportText(s, PATH_CHARS);
}

/**
 * The repository-relative path of an `artifactLocation` (§3.4): `uri` (else the run's `artifacts[index]`), resolved
 * against `uriBaseId` through `originalUriBaseIds` (§3.14.14, chains followed), percent-decoded, `file://` dropped, a
 * GitHub Actions workspace prefix stripped. When the chain ends in an absolute URI that is no workspace (a build
 * machine's checkout), the path relative to it is kept; an absolute `uri` under an invocation's `workingDirectory` is
 * made relative to it. The project root itself (`./`) → undefined.
 */
export function artifactPath(location: unknown, paths: RunPaths): string | undefined {
  const al = obj(location);
  if (!al) return undefined;
  let uri = str(al.uri)?.trim();
  let base = str(al.uriBaseId);
  const index = int(al.index);
  if (uri === undefined && index !== undefined) {
    const artifact = paths.artifacts[index];
    uri = artifact?.uri;
    base ??= artifact?.uriBaseId;
  }
  if (uri === undefined) return undefined;
  let rel: string | undefined;
  for (let hops = 0; base !== undefined && !isAbsolute(uri) && hops < 10; hops++) {
    const b = paths.bases.get(base);
    if (b?.uri === undefined) break; // an unknown base (CodeQL's %SRCROOT% without originalUriBaseIds): the repository root
    if (isAbsolute(b.uri)) rel = uri;
    uri = join(b.uri, uri);
    base = b.uriBaseId;
  }
  const full = uriToPath(uri);
  if (!isAbsolute(full) || WORKSPACE.test(full)) return tidy(full);
  for (const wd of paths.workingDirs) {
    const dir = join(uriToPath(wd).replace(/\/+$/, ""), "");
    if (full.startsWith(dir)) return tidy(full.slice(dir.length));
  }
  return tidy(rel !== undefined ? uriToPath(rel) : full);
}

type Location = NonNullable<ParsedFinding["location"]>;

/**
 * A `physicalLocation` (§3.29) as a finding location: path ({@link artifactPath}), the region's 1-based lines and
 * columns (§3.30; other region forms — offsets, byte ranges — are not kept), and the snippet of the region, else of
 * the `contextRegion`, bounded. Without a path → undefined.
 */
export function physicalLocation(v: unknown, paths: RunPaths): Location | undefined {
  const pl = obj(v);
  const p = artifactPath(pl?.artifactLocation, paths);
  if (!pl || p === undefined) return undefined;
  const region = obj(pl.region) ?? {};
  const loc: Location = { path: p };
  const startLine = int(region.startLine, 1);
  if (startLine !== undefined) {
    loc.startLine = startLine;
    const endLine = int(region.endLine, startLine);
    if (endLine !== undefined) loc.endLine = endLine;
    const startColumn = int(region.startColumn, 1);
    if (startColumn !== undefined) loc.startColumn = startColumn;
    const endColumn = int(region.endColumn, 1);
    if (endColumn !== undefined) loc.endColumn = endColumn;
  }
  const snippet = reportText(multiformatText(region.snippet) ?? multiformatText(obj(pl.contextRegion)?.snippet), TEXT_LIMITS.snippet);
  if (snippet !== undefined) loc.snippet = snippet;
  return loc;
}

/** A bounded evidence entry for a secondary location: path, lines, its message (one line, bounded). */
export function evidenceLocation(v: unknown, paths: RunPaths): Record<string, unknown> | undefined {
  const l = obj(v);
  const loc = physicalLocation(l?.physicalLocation, paths);
  const message = reportText(oneLine(multiformatText(l?.message)), TEXT_LIMITS.title);
  if (!loc && message === undefined) return undefined;
  const entry: Record<string, unknown> = { path: loc?.path, startLine: loc?.startLine, endLine: loc?.endLine, message };
  for (const k of Object.keys(entry)) if (entry[k] === undefined) delete entry[k];
  return entry;
}
