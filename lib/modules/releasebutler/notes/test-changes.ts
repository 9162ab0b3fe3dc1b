import type { ChangeItem } from "./change-item";

/** Test helper: a change with defaults (a merged PR by `mona`). */
export function change(o: Partial<ChangeItem> = {}): ChangeItem {
  const number = o.number === undefined ? 1 : o.number;
  return {
    kind: number === null ? "commit" : "pull_request",
    number,
    title: "Change",
    body: "",
    author: "mona",
    isLogin: true,
    isBot: false,
    url: number === null ? "https://github.com/acme/web/commit/abc1234" : `https://github.com/acme/web/pull/${number}`,
    sha: "abc1234def",
    labels: [],
    at: "2026-01-01T00:00:00Z",
    messages: [],
    ...o,
  };
}
