import { Markdown } from "@/components/ui/markdown";
import { DefinitionList } from "@/components/ui/definition-list";

/**
 * What `auditlens_create_issue` will file, as GitHub will show it: repository, title, labels and the rendered body
 * (the hidden `<!-- omniaudit:fingerprint=… -->` marker stays hidden, as on GitHub).
 */
export function IssuePreview({ args }: { args: Record<string, unknown> }) {
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const labels = Array.isArray(args.labels) ? args.labels.filter((l): l is string => typeof l === "string") : [];
  return (
    <div data-testid="issue-preview" className="space-y-3 rounded-md border border-zinc-200 bg-white p-3">
      <DefinitionList
        items={[
          ["Repository", <span key="r" className="font-mono">{str(args.repo)}</span>],
          ["Title", <span key="t" data-testid="issue-preview-title" className="font-semibold">{str(args.title)}</span>],
          ["Labels", labels.length ? labels.join(", ") : "omniaudit"],
        ]}
      />
      <Markdown source={str(args.body)} testId="issue-preview-body" />
    </div>
  );
}
