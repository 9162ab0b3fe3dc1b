import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

/**
 * Untrusted GitHub-Flavored Markdown rendered for review (an issue body before an operator approves it): raw HTML is
 * left out (`skipHtml`: an HTML comment such as the issue marker stays hidden, as on GitHub; no tag is ever rendered
 * — no rehype-raw), images are not loaded (a tracking pixel would reveal the operator), `javascript:`
 * and other unsafe URLs are dropped by react-markdown's default `urlTransform`, links open in a new tab without a
 * referrer.
 */
export function Markdown({ source, testId }: { source: string; testId?: string }) {
  return (
    <div data-testid={testId} className="prose-sm max-w-none space-y-2 text-sm text-zinc-800 [&_a]:text-blue-700 [&_a]:underline [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_code]:text-xs [&_h3]:mt-3 [&_h3]:font-semibold [&_h4]:font-semibold [&_li]:ml-4 [&_li]:list-disc [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-zinc-50 [&_pre]:p-2 [&_table]:text-xs [&_td]:border [&_td]:border-zinc-200 [&_td]:px-1.5 [&_th]:border [&_th]:border-zinc-200 [&_th]:px-1.5 [&_th]:text-left">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        disallowedElements={["img"]}
        unwrapDisallowed
        components={{ a: ({ href, children }) => <a href={href} target="_blank" rel="noopener noreferrer nofollow">{children}</a> }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
