"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the current server page every `intervalMs` while `active` (a queued or running job). The server
 * renders `active={false}` once the job is final, which clears the timer: no polling of finished jobs.
 */
export function AutoRefresh({ active, intervalMs = 2000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      // Skip while the tab is hidden; the next visible tick catches up.
      if (document.visibilityState === "visible") router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return active ? (
    <span className="inline-flex items-center gap-1 text-xs text-blue-700" data-testid="auto-refresh" aria-live="polite">
      <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-blue-600" aria-hidden /> live
    </span>
  ) : null;
}
