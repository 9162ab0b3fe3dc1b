import Link from "next/link";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

/** Console sections. */
const NAV = [
  { href: "/", label: "Overview" },
  { href: "/jobs", label: "Jobs" },
  { href: "/findings", label: "Findings" },
  { href: "/triages", label: "Triages" },
  { href: "/confirmations", label: "Confirmations" },
  { href: "/receipts", label: "Receipts" },
  { href: "/audit", label: "Audit log" },
  { href: "/settings", label: "Settings" },
] as const;

/** The console's left navigation column; the signed-in operator and a sign-out control at the bottom. */
export function Sidebar({ operator }: { operator?: { name: string; via: string } }) {
  return (
    <aside className="sticky top-0 flex h-screen w-48 shrink-0 flex-col border-r border-zinc-800 bg-zinc-900 px-2 py-3">
      <Link href="/" className="mb-4 flex items-center gap-2 px-2.5 text-sm font-semibold tracking-tight text-white">
        <span className="grid h-5 w-5 place-items-center rounded bg-blue-600 text-[10px] font-bold" aria-hidden>
          OA
        </span>
        OmniAudit
      </Link>
      <nav aria-label="Console" className="space-y-0.5">
        {NAV.map((n) => (
          <NavLink key={n.href} href={n.href}>
            {n.label}
          </NavLink>
        ))}
      </nav>
      <div className="mt-auto space-y-1 px-2.5">
        {operator ? (
          <>
            <p className="truncate text-[12px] font-medium text-zinc-200" title={`Signed in via ${operator.via}`} data-testid="operator-name">
              {operator.name}
            </p>
            <SignOutButton />
          </>
        ) : null}
        <p className="text-[11px] text-zinc-500">Operator console</p>
      </div>
    </aside>
  );
}
