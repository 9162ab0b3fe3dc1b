import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "blue" | "green" | "amber" | "orange" | "red" | "violet" | "sky";

const TONES: Record<BadgeTone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-300",
  blue: "bg-blue-50 text-blue-700 ring-blue-200",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  orange: "bg-orange-50 text-orange-700 ring-orange-200",
  red: "bg-red-50 text-red-700 ring-red-200",
  violet: "bg-violet-50 text-violet-700 ring-violet-200",
  sky: "bg-sky-50 text-sky-700 ring-sky-200",
};

export type BadgeProps = {
  tone?: BadgeTone;
  children: ReactNode;
  title?: string;
  /** Rendered as `data-testid`. */
  testId?: string;
  /** Extra `data-*` attributes for tests, e.g. `{ status: "running" }` → `data-status="running"`. */
  data?: Record<string, string>;
};

/** A small pill label (status, severity, category). */
export function Badge({ tone = "neutral", children, title, testId, data }: BadgeProps) {
  const dataAttrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <span
      className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-[11px] font-medium leading-none ring-1 ring-inset ${TONES[tone]}`}
      title={title}
      data-testid={testId}
      {...dataAttrs}
    >
      {children}
    </span>
  );
}
