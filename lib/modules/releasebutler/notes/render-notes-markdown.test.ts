import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { renderNotesMarkdown } from "./render-notes-markdown";
import { change } from "./test-changes";

const COMPARE = "https://github.com/acme/web/compare/v1.0.0...v1.1.0";

describe("renderNotesMarkdown", () => {
  it("writes GitHub's layout: What's Changed, categories, New Contributors, Full Changelog", () => {
    const { markdown, omitted } = renderNotesMarkdown({
      groups: [
        { title: "Features", items: [change({ number: 3, title: "Add search", author: "ada" })] },
        { title: "Direct commits", items: [change({ number: null, title: "Hotfix", author: "Bob Smith", isLogin: false, sha: "abcdef1234" })] },
      ],
      newContributors: [{ login: "ada", pr_number: 3, url: "https://github.com/acme/web/pull/3" }],
      compareUrl: COMPARE,
      includePrLinks: true,
    });
    expect(omitted).toBe(0);
    expect(markdown).toBe(
      [
        "## What's Changed",
        "### Features",
        "* Add search by @ada in https://github.com/acme/web/pull/3",
        "",
        "### Direct commits",
        "* Hotfix by Bob Smith in https://github.com/acme/web/commit/abc1234",
        "",
        "## New Contributors",
        "* @ada made their first contribution in https://github.com/acme/web/pull/3",
        "",
        `**Full Changelog**: ${COMPARE}`,
      ].join("\n"),
    );
  });
  it("uses #n without links, a flat list for What's Changed, and no mention for bots", () => {
    const { markdown } = renderNotesMarkdown({
      groups: [{ title: "What's Changed", items: [change({ number: 9, title: "Bump x", author: "dependabot[bot]", isBot: true })] }],
      newContributors: [],
      compareUrl: COMPARE,
      includePrLinks: false,
    });
    expect(markdown).toBe(`## What's Changed\n* Bump x by dependabot\\[bot\\] in #9\n\n**Full Changelog**: ${COMPARE}`);
  });
  it("escapes titles: no link, image, heading, HTML, mention or cross-reference survives", () => {
    const evil = "# Title <img src=x onerror=alert(1)> [click](https://evil.example) ![p](https://evil.example/p.png) @everyone cc @admin #1 <!-- x --> **bold** `code`";
    const { markdown } = renderNotesMarkdown({
      groups: [{ title: "## <b>Cat</b> @team", items: [change({ number: 5, title: evil, author: "mona" })] }],
      newContributors: [],
      compareUrl: COMPARE,
      includePrLinks: true,
    });
    const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown);
    const kinds = new Set<string>();
    const links: string[] = [];
    const visit = (n: { type: string; url?: string; children?: unknown[] }) => {
      kinds.add(n.type);
      if (n.url) links.push(n.url);
      (n.children as (typeof n)[] | undefined)?.forEach(visit);
    };
    // Only the list and headings: the Full Changelog line is ours (and bold).
    for (const n of (tree as unknown as { children: Parameters<typeof visit>[0][] }).children.filter((c) => c.type !== "paragraph")) visit(n);
    expect(kinds.has("html")).toBe(false);
    expect(kinds.has("image")).toBe(false);
    // GFM autolinks our own PR URL; nothing else may link.
    expect(links).toEqual(["https://github.com/acme/web/pull/5"]);
    expect(kinds.has("strong")).toBe(false);
    expect(markdown.match(/^#+ /gm)).toEqual(["## ", "### "]);
    expect(markdown).not.toMatch(/(?<![\w`])@(everyone|admin|team)/);
    expect(markdown).not.toMatch(/(?<!\\)#1\b/);
    expect(markdown).toContain("by @mona in https://github.com/acme/web/pull/5");
  });
  it("stays within the character limit and says how many lines it left out", () => {
    const items = Array.from({ length: 200 }, (_, i) => change({ number: i + 1, title: `Change number ${i + 1} ${"x".repeat(80)}` }));
    const { markdown, omitted } = renderNotesMarkdown({ groups: [{ title: "What's Changed", items }], newContributors: [], compareUrl: COMPARE, includePrLinks: true, maxChars: 5000 });
    expect(markdown.length).toBeLessThanOrEqual(5000);
    expect(omitted).toBeGreaterThan(100);
    expect(markdown).toContain(`* … and ${omitted} more change lines not shown`);
    expect(markdown.endsWith(`**Full Changelog**: ${COMPARE}`)).toBe(true);
  });
});
