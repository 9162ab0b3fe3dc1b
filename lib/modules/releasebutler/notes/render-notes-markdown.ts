import type { ChangeItem } from "./change-item";
import { type ChangeGroup, WHATS_CHANGED } from "./change-group";
import { mdText } from "@/lib/markdown";

/** GitHub's limit on a release body, characters. */
export const RELEASE_BODY_MAX_CHARS = 125_000;

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** A URL GitHub gave us, written so Markdown cannot end it early (GFM §6.6); anything but http(s) → null. */
const safeUrl = (url: string) => (/^https?:\/\/[^\s]+$/i.test(url) ? url.replace(/[()<>"'\\`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : null);

/** `@login` for a person (as GitHub's notes credit authors); bots and names without an account as plain text. */
const who = (i: ChangeItem) => (i.isLogin && !i.isBot && LOGIN.test(i.author) ? `@${i.author}` : mdText(i.author, 100));

function where(i: ChangeItem, links: boolean): string {
  const short = i.number !== null ? `#${i.number}` : (i.sha ?? "").slice(0, 7);
  return (links && safeUrl(i.url)) || short;
}

export type RenderNotesOptions = {
  groups: ChangeGroup[];
  newContributors: { login: string; pr_number: number; url: string }[];
  compareUrl: string;
  includePrLinks: boolean;
  maxChars?: number;
};

/**
 * Release notes in the shape of GitHub's generated ones: `## What's Changed` (with a `### <title>` per group, unless
 * the only group is "What's Changed"), lines `* <title> by @author in <PR URL | #n>`, `## New Contributors` with
 * `* @login made their first contribution in <PR>`, and `**Full Changelog**: <compare URL>`. Titles (PRs, commits,
 * release.yml categories) are escaped with `mdText`: no link, image, heading, HTML or mention comes from them; only
 * authors' logins (checked against GitHub's login syntax) become mentions, bots never do (no stray notifications).
 * Bounded to `maxChars` (default 125,000): change lines are dropped from the end and one line says how many.
 * @returns the Markdown and how many change lines were left out.
 */
export function renderNotesMarkdown(o: RenderNotesOptions): { markdown: string; omitted: number } {
  const max = o.maxChars ?? RELEASE_BODY_MAX_CHARS;
  const links = o.includePrLinks;
  const tail: string[] = [];
  if (o.newContributors.length) {
    tail.push("## New Contributors");
    for (const c of o.newContributors) {
      const pr = (links && safeUrl(c.url)) || `#${c.pr_number}`;
      tail.push(`* ${LOGIN.test(c.login) ? `@${c.login}` : mdText(c.login, 100)} made their first contribution in ${pr}`);
    }
    tail.push("");
  }
  const compare = safeUrl(o.compareUrl);
  if (compare) tail.push(`**Full Changelog**: ${compare}`);
  const tailText = tail.join("\n");
  const reserve = tailText.length + 200;

  const lines: string[] = [];
  let size = 0;
  let omitted = 0;
  let full = false;
  const push = (line: string) => {
    if (full || size + line.length + 1 + reserve > max) return !(full = true);
    lines.push(line);
    size += line.length + 1;
    return true;
  };
  const total = o.groups.reduce((n, g) => n + g.items.length, 0);
  let written = 0;
  if (total) {
    push(`## ${WHATS_CHANGED}`);
    const flat = o.groups.length === 1 && o.groups[0]!.title === WHATS_CHANGED;
    for (const g of o.groups) {
      if (!flat && !push(`### ${mdText(g.title, 200)}`)) break;
      for (const i of g.items) {
        if (!push(`* ${mdText(i.title)} by ${who(i)} in ${where(i, links)}`)) break;
        written++;
      }
      if (!flat) push("");
    }
    omitted = total - written;
    if (omitted) lines.push(`* … and ${omitted} more change line${omitted === 1 ? "" : "s"} not shown (GitHub's release body limit is ${max.toLocaleString("en-US")} characters)`);
    if (lines.at(-1) !== "") lines.push("");
  }
  return { markdown: (lines.length ? `${lines.join("\n")}\n${tailText}` : tailText).slice(0, max), omitted };
}
