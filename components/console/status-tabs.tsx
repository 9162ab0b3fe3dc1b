import Link from "next/link";
import { JobStatus } from "@/lib/jobs/types";

/** `/jobs` status filter: one link per status plus "All"; the current one is highlighted. */
export function StatusTabs({ current }: { current?: string }) {
  const tabs = [{ value: undefined, label: "All" }, ...JobStatus.options.map((s) => ({ value: s, label: s }))];
  return (
    <nav className="flex flex-wrap gap-1" aria-label="Filter by status" data-testid="status-filter">
      {tabs.map((t) => {
        const active = t.value === current;
        return (
          <Link
            key={t.label}
            href={t.value ? `/jobs?status=${t.value}` : "/jobs"}
            aria-current={active ? "page" : undefined}
            className={`rounded px-2 py-1 text-xs font-medium capitalize ${
              active ? "bg-zinc-900 text-white" : "bg-white text-zinc-600 ring-1 ring-zinc-200 ring-inset hover:bg-zinc-50"
            }`}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
