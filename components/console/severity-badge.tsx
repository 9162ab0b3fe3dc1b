import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { Severity } from "@/lib/modules/sitelint/types";

const TONE: Record<Severity, BadgeTone> = { critical: "red", high: "orange", medium: "amber", low: "sky", info: "neutral" };

/** Bar colours for severity charts, matching the badge tones. */
export const SEVERITY_BAR: Record<Severity, string> = {
  critical: "bg-red-600",
  high: "bg-orange-500",
  medium: "bg-amber-400",
  low: "bg-sky-500",
  info: "bg-zinc-400",
};

/** A finding's severity as a coloured badge with `data-severity`. */
export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge tone={TONE[severity as Severity] ?? "neutral"} data={{ severity }}>
      {severity}
    </Badge>
  );
}
