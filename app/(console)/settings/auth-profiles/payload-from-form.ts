import { AppError } from "@/lib/errors";
import type { AuthProfileKind } from "@/lib/modules/sitelint/auth-profiles/payload";

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
const lines = (s: string) => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/**
 * The secret payload a console form describes, before validation (`parseAuthPayload` checks it):
 * - `cookies`: `cookies` = one `name=value` per line; `cookie_path`, `cookie_secure`, `cookie_http_only`,
 *   `cookie_same_site` apply to all of them;
 * - `headers`: `headers` = one `Name: value` per line;
 * - `login`: `login_url`, `username`, `password` (become the `{{username}}` / `{{password}}` secrets), `steps` (a JSON
 *   array of steps), `success_selector` and/or `success_url_contains`.
 * @throws AppError `VALIDATION_ERROR` for a line that is not `name=value` / `Name: value` or steps that are not JSON
 *   (the message names the line number, never its content).
 */
export function payloadFromForm(kind: AuthProfileKind, form: FormData): unknown {
  if (kind === "cookies") {
    const sameSite = text(form, "cookie_same_site");
    const path = text(form, "cookie_path").trim();
    return {
      kind,
      cookies: lines(text(form, "cookies")).map((l, i) => {
        const eq = l.indexOf("=");
        if (eq <= 0) throw new AppError("VALIDATION_ERROR", `Cookies line ${i + 1}: write name=value.`);
        return {
          name: l.slice(0, eq).trim(),
          value: l.slice(eq + 1).trim(),
          ...(path ? { path } : {}),
          ...(form.get("cookie_secure") ? { secure: true } : {}),
          ...(form.get("cookie_http_only") ? { httpOnly: true } : {}),
          ...(sameSite ? { sameSite } : {}),
        };
      }),
    };
  }
  if (kind === "headers") {
    const headers: Record<string, string> = {};
    lines(text(form, "headers")).forEach((l, i) => {
      const colon = l.indexOf(":");
      if (colon <= 0) throw new AppError("VALIDATION_ERROR", `Headers line ${i + 1}: write Name: value.`);
      headers[l.slice(0, colon).trim()] = l.slice(colon + 1).trim();
    });
    return { kind, headers };
  }
  let steps: unknown;
  try {
    steps = JSON.parse(text(form, "steps") || "[]");
  } catch {
    throw new AppError("VALIDATION_ERROR", "Steps must be a JSON array of steps.");
  }
  const secrets: Record<string, string> = {};
  if (text(form, "username")) secrets.username = text(form, "username");
  if (text(form, "password")) secrets.password = text(form, "password");
  const selector = text(form, "success_selector").trim();
  const urlContains = text(form, "success_url_contains").trim();
  return {
    kind,
    login_url: text(form, "login_url").trim(),
    steps,
    success: { ...(selector ? { selector } : {}), ...(urlContains ? { url_contains: urlContains } : {}) },
    secrets,
  };
}
