import Link from "next/link";

export type PaginationProps = {
  /** Path the links point at, e.g. `/jobs`. */
  basePath: string;
  /** Current query (filters); kept on every link, `page` replaced. */
  query: Record<string, string | string[] | undefined>;
  /** 1-based current page. */
  page: number;
  pageSize: number;
  /** Total matches when known; otherwise pass `hasNext`. */
  total?: number;
  hasNext?: boolean;
  /** Fragment appended to links, e.g. `findings`. */
  hash?: string;
  /** Rows on the current page (for the "a–b" range when `total` is unknown). */
  shown: number;
};

/** `?page=` link for `page`, keeping every other query parameter. */
export function pageHref(basePath: string, query: PaginationProps["query"], page: number, hash?: string): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === "page" || v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) if (one !== "") sp.append(k, one);
  }
  if (page > 1) sp.set("page", String(page));
  const qs = sp.toString();
  return `${basePath}${qs ? `?${qs}` : ""}${hash ? `#${hash}` : ""}`;
}

/** Previous/next links with a "rows a–b of n" summary. */
export function Pagination({ basePath, query, page, pageSize, total, hasNext, hash, shown }: PaginationProps) {
  const first = shown ? (page - 1) * pageSize + 1 : 0;
  const last = (page - 1) * pageSize + shown;
  const next = total !== undefined ? last < total : !!hasNext;
  const btn = "rounded border border-zinc-300 bg-white px-2 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50";
  const off = "rounded border border-zinc-200 px-2 py-1 text-xs text-zinc-300";
  return (
    <nav className="flex items-center justify-between gap-3 text-xs text-zinc-500" aria-label="Pagination">
      <span className="tabular-nums">
        {shown ? `${first}–${last}` : "0"}
        {total !== undefined ? ` of ${total}` : ""}
      </span>
      <span className="flex items-center gap-2">
        {page > 1 ? (
          <Link className={btn} href={pageHref(basePath, query, page - 1, hash)} rel="prev">
            ← Previous
          </Link>
        ) : (
          <span className={off}>← Previous</span>
        )}
        <span className="tabular-nums">Page {page}</span>
        {next ? (
          <Link className={btn} href={pageHref(basePath, query, page + 1, hash)} rel="next">
            Next →
          </Link>
        ) : (
          <span className={off}>Next →</span>
        )}
      </span>
    </nav>
  );
}
