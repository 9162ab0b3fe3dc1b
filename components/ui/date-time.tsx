/** `2025-11-22 04:13:05Z`: one consistent, sortable UTC rendering for every timestamp in the console. */
export function formatUtc(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return "—";
  return `${d.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/** A `<time>` showing {@link formatUtc}, with the full ISO-8601 value as `dateTime` and tooltip. */
export function DateTime({ value }: { value: Date | string | null | undefined }) {
  if (!value) return <span className="text-zinc-400">—</span>;
  const iso = typeof value === "string" ? value : value.toISOString();
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap tabular-nums">
      {formatUtc(value)}
    </time>
  );
}
