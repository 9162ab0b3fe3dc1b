/** Folders whose children are the scopes of a monorepo (`packages/<x>/…` → `x`). */
const SCOPE_ROOTS = new Set(["packages", "apps", "libs", "services", "modules", "plugins", "crates", "components"]);

/** The scope of files at the repository root. */
export const ROOT_SCOPE = "(root)";

/**
 * The monorepo scope of a changed file's path: `packages/<x>/…`, `apps/<x>/…` (and libs, services, modules, plugins,
 * crates, components) → `x`, keeping an npm scope (`packages/@acme/ui/…` → `@acme/ui`); any other path → its first
 * directory; a file at the root → `(root)`. A scope root's own files (`packages/README.md`) belong to that root.
 */
export function pathScope(path: string): string {
  const parts = path.replace(/^\/+/, "").split("/").filter(Boolean);
  if (parts.length <= 1) return ROOT_SCOPE;
  const [top, second, third] = parts as [string, string, string | undefined];
  if (SCOPE_ROOTS.has(top) && parts.length >= 3) return second.startsWith("@") && parts.length >= 4 ? `${second}/${third}` : second;
  return top;
}
