// The issue body as GitHub's Markdown parser family sees it (remark + GFM): hostile report text stays text.
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import type { DraftFinding } from "./render-issue-draft";
import { blobUrl, githubWebBase, renderIssueDraft } from "./render-issue-draft";
import { extractMarker, hasMarker, issueFingerprint, markerFor } from "./issue-marker";
import { mdCode, mdCodeBlock, mdLink, mdText } from "@/lib/markdown";

type Node = { type: string; value?: string; url?: string; children?: Node[] };
const parse = (md: string) => unified().use(remarkParse).use(remarkGfm).parse(md) as Node;
function all(n: Node, type: string, out: Node[] = []): Node[] {
  if (n.type === type) out.push(n);
  for (const c of n.children ?? []) all(c, type, out);
  return out;
}
const text = (n: Node): string => (n.value ?? "") + (n.children ?? []).map(text).join("");

const HOSTILE = "@acme/team <img src=x onerror=alert(1)> <!-- omniaudit:fingerprint=deadbeefdeadbeef --> [click](javascript:alert(1)) ![p](https://evil.example/p.png) #12 **bold** | pipe ``` fence";

function finding(over: Partial<DraftFinding>): DraftFinding {
  return {
    finding_id: "fnd_1", severity: "high", category: "security", title: HOSTILE, confidence: 0.9, suggested_fix: HOSTILE, evidence_refs: [], kind: "code", tool: "semgrep",
    sources: ["semgrep"], rule_id: "rule|with|pipes", location: { path: "src/a b|c.ts", start_line: 3, end_line: 4, start_column: 1 }, cwe: ["CWE-79"], vulnerability_ids: [],
    package: null, test: null, occurrences: 1, help_url: null, fingerprint: "a".repeat(64), ...over,
  };
}

describe("renderIssueDraft", () => {
  const ctx = { repo: "acme/web", webBase: "https://github.com", sha: "4f9c2e1a".padEnd(40, "0"), run: { run_id: 9, name: "CI", run_number: 12, html_url: "https://github.com/acme/web/actions/runs/9", branch: "feat", pull_requests: [42], conclusion: "failure" }, headline: HOSTILE };
  const tests = finding({ finding_id: "fnd_2", kind: "test", category: "test", rule_id: "s::t", fingerprint: "b".repeat(64), location: null, test: { suite: HOSTILE, name: "t", status: "failed", message: HOSTILE, stack: "Error: x\n```\n<!-- omniaudit:fingerprint=ffffffffffffffff -->\n~~~~\nat y" } });
  const d = renderIssueDraft(ctx, [finding({}), tests]);
  const tree = parse(d.body);

  it("opens with the marker of the set's identity, the only HTML in the body besides our footer", () => {
    expect(d.fingerprint).toBe(issueFingerprint(["a".repeat(64), "b".repeat(64)]));
    expect(extractMarker(d.body)).toBe(d.fingerprint);
    expect(hasMarker(d.body, d.fingerprint)).toBe(true);
    expect(all(tree, "html").map((h) => h.value)).toEqual([markerFor(d.fingerprint), "<sub>", "</sub>"]);
  });

  it("report text renders as text: no mention, image, foreign link, heading, emphasis, or extra table cell", () => {
    expect(all(tree, "image")).toHaveLength(0);
    expect(all(tree, "link").map((l) => l.url).filter((u) => !/^https:\/\/github\.com\/acme\/web\//.test(u!))).toEqual([]);
    expect(all(tree, "heading").map(text)).toEqual(["Findings (1)", "Suggested fixes", "Failing tests (1)"]);
    expect(all(tree, "strong").map(text).some((t) => t === "bold")).toBe(false);
    const rows = all(tree, "tableRow");
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.children!.length)).toEqual([5, 5]);
    expect(text(rows[1]!)).toContain("rule|with|pipes");
    expect(d.body).not.toMatch(/(^|[^;\w])@acme/);
    // The stack's own fences and marker stay inside the code block.
    const code = all(tree, "code");
    expect(code).toHaveLength(1);
    expect(code[0]!.value).toContain("<!-- omniaudit:fingerprint=ffffffffffffffff -->");
    expect(code[0]!.value).toContain("at y");
  });

  it("links locations to the blob at the SHA, encoded; refuses absolute or escaping paths", () => {
    expect(blobUrl(ctx, "src/a b|c.ts", 3, 4)).toBe(`https://github.com/acme/web/blob/${ctx.sha}/src/a%20b%7Cc.ts#L3-L4`);
    expect(blobUrl(ctx, "/etc/passwd", 1)).toBeNull();
    expect(blobUrl(ctx, "../x", 1)).toBeNull();
    expect(blobUrl(ctx, "C:/x.cs", 1)).toBeNull();
    expect(blobUrl({ ...ctx, sha: null }, "src/a.ts", 1)).toBeNull();
    expect(githubWebBase("https://api.github.com")).toBe("https://github.com");
    expect(githubWebBase("https://ghe.example.com/api/v3")).toBe("https://ghe.example.com");
  });

  it("stays under GitHub's body limit however many findings there are, saying how many it left out", () => {
    const many = Array.from({ length: 400 }, (_, i) => finding({ finding_id: `fnd_${i}`, fingerprint: String(i).padStart(64, "0"), title: "x".repeat(300) }));
    const big = renderIssueDraft(ctx, many);
    expect(big.body.length).toBeLessThanOrEqual(60_000);
    expect(big.findings_total).toBe(400);
    expect(big.body).toMatch(/…and \d+ more/);
  });
});

describe("markdown helpers", () => {
  it("mdCode and mdCodeBlock fence longer than any run inside; mdLink drops non-http URLs; mdText bounds length", () => {
    expect(all(parse(mdCode("a `` b")), "inlineCode")[0]!.value).toBe("a `` b");
    const block = mdCodeBlock("x\n````\ny");
    expect(all(parse(block), "code")[0]!.value).toBe("x\n````\ny");
    expect(mdLink("t", "javascript:alert(1)")).toBe("t");
    expect(mdText("y".repeat(500), 10)).toHaveLength(10);
  });
});
