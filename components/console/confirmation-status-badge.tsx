import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONE: Record<string, BadgeTone> = { pending: "amber", approved: "blue", denied: "red", consumed: "green", expired: "neutral" };

/** A confirmation's status as a colored pill (`data-status` for tests). */
export function ConfirmationStatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge tone={TONE[status] ?? "neutral"} testId={testId} data={{ status }}>
      {status}
    </Badge>
  );
}
