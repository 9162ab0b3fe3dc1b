import { reportText } from "./report-text";

/** Longest path kept, characters (deep `node_modules` paths run past the 300-character id bound). */
const PATH_CHARS = 1000;

// GitHub Actions workspaces: `$GITHUB_WORKSPACE` on hosted Linux runners and inside container actions. Only these two
// are stripped: `/src/` (the Semgrep Docker mount) is also a common real top-level folder, so stripping it would
// merge unrelated files; macOS/Windows/self-hosted runner prefixes stay as reported (docs/formats/*.md).
const WORKSPACE = /^(?:\/home\/runner\/work\/[^/]+\/[^/]+\/|\/github\/workspace\/)/;

/**
 * A location path as reported by ESLint, Semgrep, Gitleaks or Bandit, normalised so the same file has the same path
 * on every runner: untrusted text bounded ({@link reportText}), `\` → `/`, a leading CI workspace prefix
 * (`/home/runner/work/<repo>/<repo>/`, `/github/workspace/`) and leading `./` segments dropped. Other absolute paths
 * stay absolute. Not a string or empty → undefined.
 */
export function normaliseReportPath(raw: unknown): string | undefined {
  const text = reportText(raw, PATH_CHARS);
  if (text === undefined) return undefined;
  let p = text.replace(/\\/g, "/").replace(WORKSPACE, "");
  while (p.startsWith("./")) p = p.slice(2);
  return p === "" ? undefined : p;
}
