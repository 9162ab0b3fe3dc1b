/**
 * A same-site path to return to after sign-in: `raw` when it is a local path, the path of an absolute URL (next-auth
 * hands those around), else `/`. Protocol-relative (`//evil`) and backslash tricks (`/\evil`) become `/`, so the
 * sign-in page can never be used as an open redirect.
 */
export function safeCallbackUrl(raw: string | null | undefined): string {
  if (!raw) return "/";
  let path = raw;
  if (!raw.startsWith("/")) {
    try {
      const u = new URL(raw);
      path = `${u.pathname}${u.search}${u.hash}`;
    } catch {
      return "/";
    }
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\") || /[\u0000-\u001f]/.test(path)) return "/";
  return path.startsWith("/signin") ? "/" : path;
}
