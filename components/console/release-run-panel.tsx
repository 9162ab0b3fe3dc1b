import Link from "next/link";
import { DateTime } from "@/components/ui/date-time";
import { DefinitionList } from "@/components/ui/definition-list";
import type { ReleaseRunWithAssets } from "@/lib/modules/releasebutler/queries";

const OUTCOME_STYLE: Record<string, string> = {
  uploaded: "bg-emerald-50 text-emerald-800",
  replaced: "bg-emerald-50 text-emerald-800",
  skipped: "bg-zinc-100 text-zinc-700",
  failed: "bg-red-50 text-red-800",
  pending: "bg-amber-50 text-amber-800",
};

/** The release a release job made (link to GitHub, its receipt) and the per-asset timeline: started, finished, outcome, sha256. */
export function ReleaseRunPanel({ data }: { data: ReleaseRunWithAssets }) {
  const { run, assets } = data;
  return (
    <div className="space-y-3" data-testid="release-run">
      <DefinitionList
        items={[
          ["Repository", <span key="r" className="font-mono text-xs">{run.repo}</span>],
          ["Tag", <span key="t" className="font-mono text-xs">{run.tagName}</span>],
          ["Run status", <span key="s" data-testid="release-run-status">{run.status}</span>],
          ["Release", run.releaseUrl ? <a key="u" href={run.releaseUrl} className="text-blue-700 hover:underline" data-testid="release-url" rel="noreferrer noopener" target="_blank">{run.releaseUrl}</a> : "—"],
          ["Receipt", <Link key="rc" href={`/receipts/${encodeURIComponent(run.receiptId)}`} className="font-mono text-xs text-blue-700 hover:underline" data-testid="release-receipt">{run.receiptId}</Link>],
          ["Error", run.error ? <span key="e" className="text-red-700"><span className="font-mono text-xs">{run.error.code}</span>: {run.error.message}</span> : "—"],
        ]}
      />
      <table className="w-full text-left text-xs" data-testid="release-assets">
        <thead className="text-zinc-500">
          <tr><th className="py-1 pr-2">#</th><th className="pr-2">Asset</th><th className="pr-2">Bytes</th><th className="pr-2">Outcome</th><th className="pr-2">Started</th><th className="pr-2">Finished</th><th>sha256 / error</th></tr>
        </thead>
        <tbody>
          {assets.map((a) => (
            <tr key={a.position} className="border-t border-zinc-100 align-top" data-testid="release-asset-row" data-outcome={a.outcome}>
              <td className="py-1 pr-2">{a.position + 1}</td>
              <td className="pr-2 font-mono">{a.name}</td>
              <td className="pr-2">{a.size ?? "—"}</td>
              <td className="pr-2"><span className={`rounded px-1.5 py-0.5 ${OUTCOME_STYLE[a.outcome] ?? ""}`}>{a.outcome}</span>{a.attempts > 1 ? ` (${a.attempts} attempts)` : ""}</td>
              <td className="pr-2"><DateTime value={a.startedAt} /></td>
              <td className="pr-2"><DateTime value={a.finishedAt} /></td>
              <td className="break-all font-mono">{a.error ? <span className="text-red-700">{a.error}</span> : a.sha256}</td>
            </tr>
          ))}
          {assets.length === 0 ? <tr><td colSpan={7} className="py-2 text-zinc-500">No assets.</td></tr> : null}
        </tbody>
      </table>
    </div>
  );
}
