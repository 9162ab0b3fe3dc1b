export type ProgressBarProps = {
  /** Fraction done, 0..1 (clamped). */
  value: number;
  /** Text shown right of the bar, e.g. `3 / 10`. Defaults to the percentage. */
  label?: string;
  tone?: "blue" | "green" | "red" | "zinc";
  size?: "sm" | "md";
  testId?: string;
  /** Extra `data-*` attributes for tests. */
  data?: Record<string, string>;
};

const FILL = { blue: "bg-blue-600", green: "bg-emerald-600", red: "bg-red-600", zinc: "bg-zinc-400" } as const;

/** A horizontal progress bar with an accessible `progressbar` role (aria-valuenow in percent). */
export function ProgressBar({ value, label, tone = "blue", size = "sm", testId, data }: ProgressBarProps) {
  const pct = Math.round(Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0)) * 100);
  const dataAttrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <div className="flex min-w-24 items-center gap-2" data-testid={testId} {...dataAttrs}>
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={label ?? `${pct}%`}
        className={`flex-1 overflow-hidden rounded-full bg-zinc-200 ${size === "md" ? "h-2.5" : "h-1.5"}`}
      >
        <div className={`h-full rounded-full ${FILL[tone]} transition-[width]`} style={{ width: `${pct}%` }} />
      </div>
      <span className="shrink-0 text-xs tabular-nums text-zinc-600">{label ?? `${pct}%`}</span>
    </div>
  );
}
