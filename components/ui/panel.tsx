import type { ReactNode } from "react";

/** A titled section of a console page; `actions` sit right of the title (filters, links). */
export function Panel({ title, actions, children, id }: { title: ReactNode; actions?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <section id={id} className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h2 className="text-sm font-semibold text-zinc-800">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A bordered white box for key/value facts and charts. */
export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <div className={`rounded-md border border-zinc-200 bg-white p-3 ${className}`}>{children}</div>;
}

/** Page title row. */
export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-200 pb-3">
      <div className="min-w-0">
        <h1 className="truncate text-lg font-semibold text-zinc-900">{title}</h1>
        {subtitle ? <p className="mt-0.5 text-xs text-zinc-500">{subtitle}</p> : null}
      </div>
      {actions}
    </header>
  );
}
