import "server-only";
import { and, desc, eq, isNotNull, like, max, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { auditlensReports, auditlensTriages, githubArtifacts, jobs, receipts, releaseRuns, scanPages, scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { parseRepo, type GitHubAccess } from "@/lib/github/github-access";
import { getLogger } from "@/lib/observability/logger";
import type { IdKind } from "./mcp-resource-uris";

/**
 * Where `completion/complete` finds its values (MCP 2025-11-25 server/utilities/completion): ids, repos, tags and
 * URLs OmniAudit has stored, newest first, matching what the user typed so far. Each source returns at most
 * {@link COMPLETION_LOOKUP_CAP} values; the SDK sends the first 100 and reports `total` (the number returned here) and
 * `hasMore`.
 */

/** Most values one source looks up (so `total` is exact below it and a lower bound at it). */
export const COMPLETION_LOOKUP_CAP = 1000;
/** Typed values longer than this match nothing (no id, repo, tag or URL we store is longer). */
const MAX_PREFIX = 2048;

/** A LIKE pattern matching strings that start with `prefix` (`\`, `%` and `_` escaped: ids contain `_`). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const ID_COLUMNS: Record<IdKind, { id: AnyPgColumn; at: AnyPgColumn; table: typeof receipts | typeof jobs | typeof scans | typeof auditlensTriages }> = {
  receipt: { id: receipts.id, at: receipts.createdAt, table: receipts },
  job: { id: jobs.id, at: jobs.createdAt, table: jobs },
  scan: { id: scans.id, at: scans.createdAt, table: scans },
  triage: { id: auditlensTriages.id, at: auditlensTriages.createdAt, table: auditlensTriages },
};

/**
 * Ids of one kind starting with `prefix` (case-sensitive, as ids are), newest first.
 * @param o.origin scans only: only scans of this origin (`https://host[:port]`).
 */
export async function idsWithPrefix(db: Db, kind: IdKind, prefix: string, o: { origin?: string } = {}): Promise<string[]> {
  if (prefix.length > MAX_PREFIX) return [];
  const c = ID_COLUMNS[kind];
  const where: SQL[] = [like(c.id, likePrefix(prefix))];
  if (kind === "scan" && o.origin) where.push(eq(scans.origin, o.origin));
  const rows = await db.select({ id: c.id }).from(c.table).where(and(...where)).orderBy(desc(c.at), desc(c.id)).limit(COMPLETION_LOOKUP_CAP);
  return rows.map((r) => String(r.id));
}

/**
 * SHA-256s (hex) of the objects OmniAudit's records point at — page screenshots, receipts' results, artifacts' archives
 * and manifests — starting with `prefix`, newest first. The object store keeps no index of its own.
 */
export async function objectHexesWithPrefix(db: Db, prefix: string): Promise<string[]> {
  if (!/^[0-9a-f]{0,64}$/.test(prefix)) return [];
  const pattern = `%sha256/${prefix}%`;
  const pick = (ref: AnyPgColumn, at: AnyPgColumn, table: typeof scanPages | typeof receipts | typeof githubArtifacts) =>
    db.select({ ref, at }).from(table).where(like(ref, pattern)).orderBy(desc(at)).limit(COMPLETION_LOOKUP_CAP);
  const groups = await Promise.all([
    pick(scanPages.screenshotRef, scanPages.finishedAt, scanPages),
    pick(receipts.resultRef, receipts.createdAt, receipts),
    pick(githubArtifacts.manifestRef, githubArtifacts.fetchedAt, githubArtifacts),
    pick(githubArtifacts.archiveRef, githubArtifacts.fetchedAt, githubArtifacts),
  ]);
  const rows = groups.flat().sort((a, b) => (b.at as Date).getTime() - (a.at as Date).getTime());
  const hexes = rows.map((r) => /sha256\/([0-9a-f]{64})$/.exec(String(r.ref))?.[1]).filter((h): h is string => !!h && h.startsWith(prefix));
  return [...new Set(hexes)].slice(0, COMPLETION_LOOKUP_CAP);
}

/**
 * Repositories OmniAudit knows, as `owner/name` (lower-cased; GitHub names are case-insensitive), matching `prefix`
 * case-insensitively: those of stored triages, parsed reports, fetched artifacts and release runs (most recently used
 * first), then the literal entries of `GITHUB_WRITE_ALLOWLIST` (globs such as `acme/*` name no repository). Stored
 * GitHub credentials name no repository, so they add none.
 */
export async function knownRepos(db: Db, env: Pick<Env, "GITHUB_WRITE_ALLOWLIST">, prefix: string): Promise<string[]> {
  if (prefix.length > 200) return [];
  const pattern = likePrefix(prefix.toLowerCase());
  const seen = (repo: AnyPgColumn, at: AnyPgColumn, table: typeof auditlensTriages | typeof auditlensReports | typeof githubArtifacts | typeof releaseRuns) =>
    db
      .select({ repo: sql<string>`lower(${repo})`, at: max(at) })
      .from(table)
      .where(and(isNotNull(repo), sql`lower(${repo}) like ${pattern}`))
      .groupBy(sql`lower(${repo})`)
      .limit(COMPLETION_LOOKUP_CAP);
  const groups = await Promise.all([
    seen(auditlensTriages.repo, auditlensTriages.createdAt, auditlensTriages),
    seen(auditlensReports.repo, auditlensReports.createdAt, auditlensReports),
    seen(githubArtifacts.repo, githubArtifacts.fetchedAt, githubArtifacts),
    seen(releaseRuns.repo, releaseRuns.createdAt, releaseRuns),
  ]);
  const lastUsed = new Map<string, number>();
  for (const r of groups.flat()) lastUsed.set(r.repo, Math.max(lastUsed.get(r.repo) ?? 0, new Date(r.at as Date).getTime()));
  const stored = [...lastUsed.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([repo]) => repo);
  const literal = env.GITHUB_WRITE_ALLOWLIST.filter((g) => !/[*?[\]{}!()+@]/.test(g) && isRepo(g)).map((g) => g.toLowerCase());
  return [...new Set([...stored, ...literal])].filter((r) => r.startsWith(prefix.toLowerCase())).slice(0, COMPLETION_LOOKUP_CAP);
}

/** True for a well-formed `owner/name` (see `parseRepo`). */
export function isRepo(s: string): boolean {
  try {
    parseRepo(s);
    return true;
  } catch {
    return false;
  }
}

/** Tags of stored release runs (of `repo` when given, case-insensitively), starting with `prefix`, newest first. */
export async function storedTags(db: Db, repo: string | undefined, prefix: string): Promise<string[]> {
  if (prefix.length > 255) return [];
  const where: SQL[] = [like(releaseRuns.tagName, likePrefix(prefix))];
  if (repo) where.push(sql`lower(${releaseRuns.repo}) = ${repo.toLowerCase()}`);
  const rows = await db.select({ tag: releaseRuns.tagName, at: max(releaseRuns.createdAt) }).from(releaseRuns).where(and(...where)).groupBy(releaseRuns.tagName).orderBy(desc(max(releaseRuns.createdAt))).limit(COMPLETION_LOOKUP_CAP);
  return rows.map((r) => r.tag);
}

/** Characters a tag may contain (loosely git check-ref-format; see `TagInput`): what may be sent as a ref prefix. */
const TAG_PREFIX_RE = /^[^\s~^:?*[\\\u0000-\u001f\u007f]{0,255}$/;

/**
 * The repository's tags starting with `prefix`, from GitHub (`GET /repos/{o}/{r}/git/matching-refs/tags/<prefix>`:
 * GitHub filters by prefix), newest version first (numeric-aware descending order), within `timeoutMs`. Completion
 * must answer while the user types, so any failure — GitHub not connected, no access, rate limit, timeout — gives no
 * tags (logged at debug), never an error.
 */
export async function githubTags(github: GitHubAccess, repo: string, prefix: string, timeoutMs = 1500): Promise<string[]> {
  if (!TAG_PREFIX_RE.test(prefix)) return [];
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const work = (async () => {
    const { octokit, owner, repo: name } = await github.forRepo(repo);
    const res = await octokit.rest.git.listMatchingRefs({ owner, repo: name, ref: `tags/${prefix}`, request: { signal: ac.signal } });
    return res.data.map((r) => r.ref.replace(/^refs\/tags\//, "")).filter((t) => t.startsWith(prefix));
  })();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ac.abort();
      reject(new Error(`no answer from GitHub within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const tags = await Promise.race([work, timeout]);
    return tags.sort((a, b) => b.localeCompare(a, "en", { numeric: true })).slice(0, COMPLETION_LOOKUP_CAP);
  } catch (e) {
    getLogger().debug({ err: e, repo }, "tag completion: GitHub tags unavailable");
    return [];
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}

/** URLs of stored scans starting with `prefix` (case-insensitively), most recently scanned first. */
export async function recentScanUrls(db: Db, prefix: string): Promise<string[]> {
  if (prefix.length > MAX_PREFIX) return [];
  const rows = await db
    .select({ url: scans.url, at: max(scans.createdAt) })
    .from(scans)
    .where(sql`lower(${scans.url}) like ${likePrefix(prefix.toLowerCase())}`)
    .groupBy(scans.url)
    .orderBy(desc(max(scans.createdAt)))
    .limit(COMPLETION_LOOKUP_CAP);
  return rows.map((r) => r.url);
}
