import Link from "next/link";

export type BarListItem = { label: string; value: number; /** Tailwind background class of the bar. */ color?: string; href?: string };

/** Horizontal CSS bars scaled to the largest value: a chart without a chart library. */
export function BarList({ items, testId }: { items: BarListItem[]; testId?: string }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <ul className="space-y-1.5" data-testid={testId}>
      {items.map((i) => (
        <li key={i.label} className="grid grid-cols-[7rem_1fr_3rem] items-center gap-2 text-[13px]" data-label={i.label} data-value={i.value}>
          {i.href ? (
            <Link href={i.href} className="truncate text-zinc-700 hover:underline">
              {i.label}
            </Link>
          ) : (
            <span className="truncate text-zinc-700">{i.label}</span>
          )}
          <div className="h-2 overflow-hidden rounded-sm bg-zinc-100" aria-hidden>
            <div className={`h-full rounded-sm ${i.color ?? "bg-zinc-500"}`} style={{ width: `${(i.value / max) * 100}%` }} />
          </div>
          <span className="text-right tabular-nums text-zinc-900">{i.value}</span>
        </li>
      ))}
    </ul>
  );
}
