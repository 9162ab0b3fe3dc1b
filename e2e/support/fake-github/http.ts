import type { IncomingHttpHeaders } from "node:http";
import type { AppInfo } from "./app-auth";
import { DOCS, errorBody, HttpError } from "./errors";
import type { BlobStore } from "./blob-server";
import type { FakeState, FakeToken } from "./state";

export { DOCS, errorBody, HttpError } from "./errors";

/** What every route handler can reach; `uploadOrigin` is the uploads host (`upload_url` of releases). */
export type FakeContext = { state: FakeState; apiUrl: string; blobOrigin: string; uploadOrigin: string; blobs: BlobStore; app: AppInfo };

/** One API request as a handler sees it. */
export type Ctx = {
  fake: FakeContext;
  method: string;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The credential sent (token or JWT), and the token record when it is a valid token. */
  credential: string | null;
  token: FakeToken | null;
  body: unknown;
  /** The request headers (`accept` selects media types). */
  headers: IncomingHttpHeaders;
  /** `x-accepted-github-permissions` of the endpoint, set by the access check. */
  accepted?: string;
};

/** An answer: `body` is sent as JSON; `raw` (with its `content-type` in `headers`) is sent as is. */
export type Reply = { status: number; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> };
export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;
/** `none`: no credential needed; `token`: a PAT or installation token; `jwt`: the App's JWT. */
export type AuthKind = "none" | "token" | "jwt";
export type Route = { method: string; regex: RegExp; keys: string[]; auth: AuthKind; handler: Handler };

/** 404 `Not Found` — also GitHub's answer for private repositories the credentials cannot see. */
export const notFound = () => new HttpError(404, errorBody(404, "Not Found"));
/** 401 `Bad credentials` — unknown, revoked or expired token. */
export const badCredentials = () => new HttpError(401, errorBody(401, "Bad credentials"));

/** 422 `Validation Failed` with GitHub's `errors` items (`{ resource, code, field, message? }`). */
export function validationFailed(errors: Record<string, string>[]): HttpError {
  return new HttpError(422, { message: "Validation Failed", errors, documentation_url: DOCS, status: "422" });
}

/** A route for `pattern` (`/repos/:owner/:repo`); parameters match one path segment, URL-decoded. */
export function route(method: string, pattern: string, auth: AuthKind, handler: Handler): Route {
  const keys: string[] = [];
  const source = pattern.replace(/:([a-z_]+)/g, (_, k: string) => {
    keys.push(k);
    return "([^/]+)";
  });
  return { method, regex: new RegExp(`^${source}/?$`), keys, auth, handler };
}

/** The route for a request and its parameters, or null. */
export function matchRoute(routes: Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | null {
  const m = method === "HEAD" ? "GET" : method;
  for (const r of routes) {
    if (r.method !== m) continue;
    const found = r.regex.exec(pathname);
    if (!found) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => (params[k] = decodeURIComponent(found[i + 1] ?? "")));
    return { route: r, params };
  }
  return null;
}

/** A positive integer path parameter, else 404 (GitHub routes non-numeric ids nowhere). */
export function idParam(ctx: Ctx, name: string): number {
  const v = ctx.params[name] ?? "";
  if (!/^\d{1,16}$/.test(v)) throw notFound();
  return Number(v);
}

/**
 * One page of `items` by `per_page` (default 30, at most 100) and `page` (from 1), with GitHub's RFC 5988 `Link`
 * header: `prev`, `next`, `last`, `first` in that order, each the request URL with `page` replaced.
 */
export function paginate<T>(ctx: Ctx, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perRaw = Number.parseInt(ctx.query.get("per_page") ?? "", 10);
  const perPage = Number.isFinite(perRaw) && perRaw > 0 ? Math.min(perRaw, 100) : 30;
  const pageRaw = Number.parseInt(ctx.query.get("page") ?? "", 10);
  const page = Number.isFinite(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const u = new URL(ctx.url.pathname + ctx.url.search, ctx.fake.apiUrl);
    u.searchParams.set("page", String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, last), "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { items: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(", ") } : {} };
}

/** A `{ total_count, <key>: [...] }` page answer. */
export function listReply<T>(ctx: Ctx, key: string, all: T[], render: (x: T) => unknown, extra: Record<string, unknown> = {}): Reply {
  const { items, headers } = paginate(ctx, all);
  return { status: 200, headers, body: { total_count: all.length, ...extra, [key]: items.map(render) } };
}

/** A bare JSON array page answer (issues, comments, pulls). */
export function arrayReply<T>(ctx: Ctx, all: T[], render: (x: T) => unknown): Reply {
  const { items, headers } = paginate(ctx, all);
  return { status: 200, headers, body: items.map(render) };
}

/** GitHub's timestamp form, second precision: `2024-05-02T09:13:45Z`. */
export const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** A GraphQL-style global node id (`WFR_kwDO…`), stable for a type and id. */
export const nodeId = (prefix: string, id: number) => `${prefix}_kwDO${Buffer.from(String(id)).toString("base64url")}`;
