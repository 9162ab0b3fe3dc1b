import { Badge } from "@/components/ui/badge";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import type { scanPages } from "@/drizzle/schema";
import { isObjectRef } from "@/lib/object-store/object-ref";
import { objectUrl } from "@/lib/object-store/object-url";

type PageRow = typeof scanPages.$inferSelect;

/** A scan's audited pages: thumbnail, URL, viewport, status, HTTP status, load time, finding count and error. */
export function PagesTable({ pages }: { pages: PageRow[] }) {
  return (
    <Table testId="pages-table" caption="Pages">
      <THead columns={["Screenshot", "URL", "Viewport", "Status", "HTTP", "Load ms", "Findings", "Error"]} />
      <tbody>
        {pages.length === 0 ? <EmptyRow colSpan={8}>No pages audited yet.</EmptyRow> : null}
        {pages.map((p) => (
          <tr key={p.id} className={rowClass} data-testid="page-row" data-url={p.url} data-viewport={p.viewport} data-status={p.status}>
            <Td>
              {p.screenshotRef && isObjectRef(p.screenshotRef) ? (
                <a href={objectUrl(p.screenshotRef)} target="_blank" rel="noopener" title="Open full screenshot">
                  {/* A plain <img>: the object route already serves immutable, cacheable bytes; no optimiser needed. */}
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img
                    src={objectUrl(p.screenshotRef)}
                    alt={`Screenshot of ${p.url} (${p.viewport})`}
                    data-testid="screenshot"
                    loading="lazy"
                    className="h-14 w-24 rounded border border-zinc-200 object-cover object-top"
                  />
                </a>
              ) : (
                <span className="text-xs text-zinc-400">—</span>
              )}
            </Td>
            <Td wrap className="max-w-md font-mono text-xs">
              {/^https?:\/\//i.test(p.url) ? (
                <a href={p.url} target="_blank" rel="noopener noreferrer nofollow" className="text-blue-700 hover:underline">
                  {p.url}
                </a>
              ) : (
                p.url
              )}
              {p.title ? <p className="mt-0.5 font-sans text-zinc-500">{p.title}</p> : null}
            </Td>
            <Td>{p.viewport}</Td>
            <Td>
              <Badge tone={p.status === "ok" ? "green" : "red"}>{p.status}</Badge>
            </Td>
            <Td mono>{p.httpStatus ?? "—"}</Td>
            <Td className="text-right tabular-nums">{p.loadMs ?? "—"}</Td>
            <Td className="text-right tabular-nums">{p.findingCount}</Td>
            <Td wrap className="max-w-xs text-xs text-red-700">
              {p.error ? (
                <>
                  <span className="font-mono">{p.error.code}</span>: {p.error.message}
                </>
              ) : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
