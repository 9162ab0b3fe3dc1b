const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `[start, end)` in epoch ms covered by one date (`2024-05-02`: that UTC day) or date-time (that second). */
function span(s: string): [number, number] | null {
  if (DATE.test(s)) {
    const start = Date.parse(`${s}T00:00:00Z`);
    return Number.isNaN(start) ? null : [start, start + 86_400_000];
  }
  if (DATETIME.test(s)) {
    const start = Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}Z`);
    return Number.isNaN(start) ? null : [start, start + 1000];
  }
  return null;
}

/**
 * A predicate on epoch ms for GitHub's date query syntax ("Understanding the search syntax — query for dates"):
 * `>=D`, `>D`, `<=D`, `<D`, `D..D` (either side `*`), or `D` alone; `D` is `YYYY-MM-DD` (a whole UTC day) or an ISO
 * date-time. Returns null when the query does not parse.
 */
export function parseDateQuery(q: string): ((ms: number) => boolean) | null {
  const s = q.trim();
  const op = /^(>=|<=|>|<)(.+)$/.exec(s);
  if (op) {
    const r = span(op[2]!.trim());
    if (!r) return null;
    const [start, end] = r;
    if (op[1] === ">=") return (t) => t >= start;
    if (op[1] === ">") return (t) => t >= end;
    if (op[1] === "<=") return (t) => t < end;
    return (t) => t < start;
  }
  const range = /^(.+?)\.\.(.+)$/.exec(s);
  if (range) {
    const lo = range[1]!.trim() === "*" ? [-Infinity, -Infinity] : span(range[1]!.trim());
    const hi = range[2]!.trim() === "*" ? [Infinity, Infinity] : span(range[2]!.trim());
    if (!lo || !hi) return null;
    return (t) => t >= lo[0]! && t < hi[1]!;
  }
  const r = span(s);
  return r ? (t) => t >= r[0] && t < r[1] : null;
}
