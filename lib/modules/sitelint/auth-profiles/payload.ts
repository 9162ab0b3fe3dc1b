import { z } from "zod";
import { AppError } from "@/lib/errors";

/** The kinds of auth profile (`sitelint_auth_profiles.kind`). */
export const AUTH_PROFILE_KINDS = ["cookies", "headers", "login"] as const;
export type AuthProfileKind = (typeof AUTH_PROFILE_KINDS)[number];

/** RFC 9110 §5.6.2 `token` (header names) and RFC 6265 §4.1.1 cookie names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** No control characters (CR/LF would split a header or a cookie line). */
const NO_CTL = /^[^\u0000-\u001f\u007f]*$/;
/** `{{field}}` in a login step value: a field of the payload's `secrets`. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Headers the browser owns or that would change the connection itself: never settable by a profile. */
const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-authorization", "proxy-connection", "cookie"]);

/** Shortest secret value: shorter strings are not redacted from results (they would mangle unrelated text). */
export const MIN_SECRET_LENGTH = 4;

const Cookie = z
  .object({
    name: z.string().min(1).max(256).regex(TOKEN, "Cookie name: RFC 6265 token characters only."),
    value: z.string().max(4096).regex(/^[^;\s",\\\u0000-\u001f\u007f]*$/, "Cookie value: no spaces, quotes, commas, semicolons, backslashes or control characters."),
    path: z.string().max(1024).startsWith("/", "Cookie path must start with /.").regex(NO_CTL).optional(),
    secure: z.boolean().optional(),
    httpOnly: z.boolean().optional(),
    sameSite: z.enum(["Strict", "Lax", "None"]).optional(),
  })
  .strict();

const CookiesPayload = z.object({ kind: z.literal("cookies"), cookies: z.array(Cookie).min(1).max(50) }).strict();

/** Why a header name is refused, or undefined when it is acceptable. */
function headerNameProblem(n: string): string | undefined {
  const lower = n.toLowerCase();
  if (n.length > 256 || !TOKEN.test(n)) return "Header name: RFC 9110 token characters only.";
  if (RESERVED_HEADERS.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-")) return "That header is set by the browser (use a cookies profile for Cookie).";
  return undefined;
}
const HeadersPayload = z
  .object({
    kind: z.literal("headers"),
    headers: z.record(z.string(), z.string().min(1).max(8192).regex(NO_CTL, "Header value: no control characters.")).superRefine((h, ctx) => {
      const names = Object.keys(h);
      if (names.length < 1 || names.length > 20) ctx.addIssue({ code: "custom", message: "Give 1 to 20 headers." });
      for (const n of names) {
        const problem = headerNameProblem(n);
        if (problem) ctx.addIssue({ code: "custom", path: [n], message: problem });
      }
    }),
  })
  .strict();

const Selector = z.string().trim().min(1).max(1000);
const StepValue = z.string().max(4096);
const LoginStep = z.discriminatedUnion("action", [
  z.object({ action: z.literal("fill"), selector: Selector, value: StepValue }).strict(),
  z.object({ action: z.literal("click"), selector: Selector }).strict(),
  z.object({ action: z.literal("press"), selector: Selector, value: z.string().min(1).max(100) }).strict(),
  z
    .object({ action: z.literal("wait_for"), selector: Selector.optional(), url: z.string().min(1).max(2000).optional() })
    .strict()
    .refine((s) => !!s.selector !== !!s.url, "wait_for takes a selector or a url (a substring of the URL to wait for), not both."),
  z.object({ action: z.literal("goto"), url: z.string().min(1).max(2000) }).strict(),
]);
export type LoginStep = z.infer<typeof LoginStep>;

const LoginPayload = z
  .object({
    kind: z.literal("login"),
    login_url: z.string().min(1).max(2000),
    steps: z.array(LoginStep).min(1).max(30),
    success: z
      .object({ selector: Selector.optional(), url_contains: z.string().min(1).max(2000).optional() })
      .strict()
      .refine((s) => !!s.selector || !!s.url_contains, "success needs a selector or url_contains."),
    /** Values the steps reference as `{{name}}` (username, password, one-time codes …). */
    secrets: z.record(z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "Secret field names: letters, digits and _ only."), z.string().min(MIN_SECRET_LENGTH, `Secret values must be at least ${MIN_SECRET_LENGTH} characters.`).max(4096)).default({}),
  })
  .strict();

/** The encrypted part of an auth profile, by kind. */
export const AuthPayload = z.discriminatedUnion("kind", [CookiesPayload, HeadersPayload, LoginPayload]);
export type AuthPayload = z.infer<typeof AuthPayload>;
export type LoginPayload = z.infer<typeof LoginPayload>;

/**
 * The profile's origin, normalised (`scheme://host[:port]`, lower case, default port dropped).
 * @throws AppError `VALIDATION_ERROR` for anything but an absolute http(s) URL without credentials.
 */
export function normalizeProfileOrigin(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new AppError("VALIDATION_ERROR", "Origin must be an absolute http(s) URL such as https://app.example.com.", { field: "origin" });
  }
  if (!/^https?:$/.test(u.protocol) || u.username || u.password) throw new AppError("VALIDATION_ERROR", "Origin must be http(s), without user:password@.", { field: "origin" });
  return u.origin;
}

/** `url` (absolute, or a path resolved against `origin`) if it is on `origin`, else undefined. */
export function sameOriginUrl(url: string, origin: string): string | undefined {
  try {
    const u = new URL(url, origin + "/");
    return u.origin === origin ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Replace `{{field}}` with the payload's secret of that name. @throws Error naming the field (never a value). */
export function fillPlaceholders(value: string, secrets: Record<string, string>): string {
  return value.replace(PLACEHOLDER, (_m, name: string) => {
    const v = secrets[name];
    if (v === undefined) throw new Error(`unknown secret field {{${name}}}`);
    return v;
  });
}

function crossChecks(p: AuthPayload, origin: string): string[] {
  if (p.kind !== "login") return [];
  const problems: string[] = [];
  if (!sameOriginUrl(p.login_url, origin)) problems.push(`login_url must be on ${origin}.`);
  p.steps.forEach((s, i) => {
    if (s.action === "goto" && !sameOriginUrl(s.url, origin)) problems.push(`steps[${i}] (goto): url must be on ${origin}.`);
    if (s.action === "fill" || s.action === "press") {
      for (const [, name] of s.value.matchAll(PLACEHOLDER)) if (!(name! in p.secrets)) problems.push(`steps[${i}] (${s.action}) uses {{${name}}}, which is not in secrets.`);
    }
  });
  return problems;
}

/**
 * Validate a profile's secret payload (the JSON stored encrypted) for a profile on `origin`: shape by kind (cookies:
 * 1–50 RFC 6265 cookies; headers: 1–20 headers, none the browser owns; login: same-origin `login_url` and `goto`
 * steps, `{{field}}` references that exist in `secrets`, a success check).
 * @returns the parsed payload (defaults applied).
 * @throws AppError `VALIDATION_ERROR` listing each problem by path — messages never include a submitted value.
 */
export function parseAuthPayload(raw: unknown, origin: string): AuthPayload {
  const r = AuthPayload.safeParse(raw);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.length ? i.path.join(".") + ": " : ""}${i.message}`).join(" ");
    throw new AppError("VALIDATION_ERROR", `Invalid auth profile: ${msg}`.slice(0, 1000));
  }
  const problems = crossChecks(r.data, origin);
  if (problems.length) throw new AppError("VALIDATION_ERROR", `Invalid auth profile: ${problems.join(" ")}`.slice(0, 1000));
  return r.data;
}

/**
 * Every secret value a payload holds, for redaction: cookie values, header values (and a header's credential after
 * its scheme, e.g. the token of `Bearer <token>`), login secrets and literal `fill` values. Values shorter than
 * {@link MIN_SECRET_LENGTH} are left out.
 */
export function secretValuesOf(p: AuthPayload): string[] {
  const out: string[] = [];
  if (p.kind === "cookies") out.push(...p.cookies.map((c) => c.value));
  if (p.kind === "headers") {
    for (const v of Object.values(p.headers)) {
      out.push(v);
      const m = /^\S+\s+(.+)$/.exec(v);
      if (m) out.push(m[1]!);
    }
  }
  if (p.kind === "login") {
    out.push(...Object.values(p.secrets));
    for (const s of p.steps) {
      if (s.action !== "fill") continue;
      out.push(s.value.replace(PLACEHOLDER, ""));
      out.push(fillPlaceholders(s.value, p.secrets));
    }
  }
  return [...new Set(out.map((v) => v.trim()).filter((v) => v.length >= MIN_SECRET_LENGTH))];
}
