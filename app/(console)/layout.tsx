import type { ReactNode } from "react";
import { Sidebar } from "@/components/console/sidebar";

/**
 * Console chrome for every operator page. This is the one place the sign-in gate goes: when auth lands, add
 * `await requireOperator();` as the first line (server actions still re-check it themselves, DESIGN.md §8 rule 5).
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen">
      <Sidebar />
      <main className="min-w-0 flex-1 px-6 py-4">
        <div className="mx-auto max-w-[1400px] space-y-5">{children}</div>
      </main>
    </div>
  );
}
