import type { ReactNode } from "react";

/** A dense, horizontally scrollable data table. `testId` goes on the `<table>`. */
export function Table({ children, testId, caption }: { children: ReactNode; testId?: string; caption?: string }) {
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white">
      <table className="w-full border-collapse text-left text-[13px]" data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

/** Header row: pass the column titles. */
export function THead({ columns }: { columns: ReactNode[] }) {
  return (
    <thead className="border-b border-zinc-200 bg-zinc-50 text-[11px] font-semibold uppercase tracking-wide text-zinc-500">
      <tr>
        {columns.map((c, i) => (
          <th key={i} scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Body cell; `mono` for ids, selectors and numbers, `wrap` to let long text wrap (default: no wrap). */
export function Td({ children, mono, wrap, className = "" }: { children?: ReactNode; mono?: boolean; wrap?: boolean; className?: string }) {
  return (
    <td className={`px-3 py-1.5 align-top ${mono ? "font-mono text-xs" : ""} ${wrap ? "break-words" : "whitespace-nowrap"} ${className}`}>
      {children}
    </td>
  );
}

/** A full-width row saying there is nothing to show. */
export function EmptyRow({ colSpan, children = "Nothing here yet." }: { colSpan: number; children?: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-3 py-6 text-center text-sm text-zinc-500">
        {children}
      </td>
    </tr>
  );
}

/** Row class shared by data rows (zebra-free, hover highlight, hairline separators). */
export const rowClass = "border-b border-zinc-100 last:border-0 hover:bg-zinc-50";
