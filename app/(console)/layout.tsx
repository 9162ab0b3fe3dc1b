import type { ReactNode } from "react";
import { Sidebar } from "@/components/console/sidebar";
import { requireOperator } from "@/lib/auth/require-operator";

/**
 * Console chrome for every operator page, behind the sign-in gate (no session → `/signin`). Pages call
 * `requireOperator()` again because layouts do not re-run on client-side navigation, and server actions re-check it
 * themselves (DESIGN.md §8 rule 5).
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const operator = await requireOperator();
  return (
    <div className="flex min-h-screen">
      <Sidebar operator={operator} />
      <main className="min-w-0 flex-1 px-6 py-4">
        <div className="mx-auto max-w-[1400px] space-y-5">{children}</div>
      </main>
    </div>
  );
}
