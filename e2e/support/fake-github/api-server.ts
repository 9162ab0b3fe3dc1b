import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { liveToken } from "./access";
import { verifyAppJwt } from "./app-auth";
import { badCredentials, type Ctx, errorBody, type FakeContext, HttpError, matchRoute, type Reply, type Route } from "./http";
import { listen, type Listening } from "./listen";
import type { FakeToken } from "./state";

/** An injected answer: the first rule whose method and path (pathname, or pathname + query) match wins, `times` times. */
export type FailRule = {
  method?: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times?: number;
  /** Handle the request for real first (the issue IS created), then answer this failure instead — a lost response. */
  afterHandling?: boolean;
};

export type ApiServer = Listening & {
  requests: { method: string; path: string; token: string | null }[];
  failRules: (FailRule & { left: number })[];
};

const MAX_BODY = 1024 * 1024;

/** `Authorization: Bearer <t>` or `token <t>` (either case) → `<t>`. */
export function credentialOf(header: string | undefined): string | null {
  const m = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1]! : null;
}

/** A GitHub-like `x-github-request-id` (`A1B2:C3D4E5:…`). */
export const requestId = () => {
  const h = (n: number) => randomBytes(n).toString("hex").toUpperCase();
  return `${h(2)}:${h(3)}:${h(4)}:${h(4)}:${h(4)}`;
};

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new HttpError(413, errorBody(413, "Payload too large"));
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** GitHub's 403 for an exhausted primary rate limit, worded for the kind of token. */
export function rateLimited(token: FakeToken | null, fake: FakeContext): HttpError {
  const user = token ? fake.state.users.get(token.login) : undefined;
  const who = token?.kind === "installation" ? `installation ID ${token.installationId}` : `user ID ${user?.id ?? 1}`;
  return new HttpError(403, {
    message: `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID.`,
    documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
    status: "403",
  });
}

/**
 * The API server: records each request, answers injected failures, checks credentials (token or App JWT per route),
 * applies the primary rate limit (`GET /rate_limit` is free, as on GitHub), then runs the route. Every answer carries
 * GitHub's `x-ratelimit-*` and `x-github-request-id` headers; GET answers carry a weak `etag` and honour
 * `If-None-Match` with 304.
 */
export async function startApiServer(fake: FakeContext, routes: Route[]): Promise<ApiServer> {
  const requests: ApiServer["requests"] = [];
  const failRules: ApiServer["failRules"] = [];

  async function dispatch(req: http.IncomingMessage, url: URL, credential: string | null, ctxOut: { ctx?: Ctx }): Promise<Reply> {
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    const state = fake.state;
    const free = url.pathname === "/rate_limit";
    if (Date.now() / 1000 >= state.rateLimit.reset) state.rateLimit = { ...state.rateLimit, remaining: state.rateLimit.limit, reset: Math.floor(Date.now() / 1000) + 3600 };
    const rule = failRules.find((r) => (!r.method || r.method.toUpperCase() === method) && (r.path.test(url.pathname) || r.path.test(url.pathname + url.search)));
    if (rule && !rule.afterHandling) {
      if (--rule.left <= 0) failRules.splice(failRules.indexOf(rule), 1);
      if (!free && state.rateLimit.remaining > 0) state.rateLimit.remaining--;
      return { status: rule.status, headers: rule.headers, body: rule.body ?? errorBody(rule.status, http.STATUS_CODES[rule.status] ?? "Error") };
    }
    const found = matchRoute(routes, method, url.pathname);
    if (!found) throw new HttpError(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
    const token = liveToken(state, credential);
    if (found.route.auth === "jwt") verifyAppJwt(fake.app, credential);
    else if (found.route.auth === "token" && !token) throw badCredentials();
    else if (credential && !token && !credential.startsWith("eyJ")) throw badCredentials();
    if (!free) {
      if (state.rateLimit.remaining <= 0) throw rateLimited(token, fake);
      state.rateLimit.remaining--;
    }
    let body: unknown;
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        throw new HttpError(400, errorBody(400, "Problems parsing JSON"));
      }
    }
    const ctx: Ctx = { fake, method, url, params: found.params, query: url.searchParams, credential, token, body, headers: req.headers };
    ctxOut.ctx = ctx;
    const reply = await found.route.handler(ctx);
    if (rule?.afterHandling) {
      if (--rule.left <= 0) failRules.splice(failRules.indexOf(rule), 1);
      return { status: rule.status, headers: rule.headers, body: rule.body ?? errorBody(rule.status, http.STATUS_CODES[rule.status] ?? "Error") };
    }
    return reply;
  }

  function write(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply, ctx?: Ctx): void {
    const { limit, remaining, reset } = fake.state.rateLimit;
    const headers: Record<string, string> = {
      "content-type": "application/json; charset=utf-8",
      server: "github.com",
      "x-github-media-type": "github.v3; format=json",
      "x-github-api-version-selected": "2022-11-28",
      "x-github-request-id": requestId(),
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": String(reset),
      "x-ratelimit-used": String(limit - remaining),
      "x-ratelimit-resource": "core",
      "x-content-type-options": "nosniff",
      vary: "Accept, Authorization, Cookie, X-GitHub-OTP",
    };
    if (ctx?.accepted && ctx.token) headers["x-accepted-github-permissions"] = ctx.accepted;
    Object.assign(headers, reply.headers);
    let status = reply.status;
    let text: string | Buffer = reply.raw ?? (reply.body === undefined || status === 204 || status === 302 ? "" : JSON.stringify(reply.body));
    if (req.method === "GET" && status === 200) {
      headers.etag = `W/"${createHash("sha256").update(text).digest("hex").slice(0, 32)}"`;
      if (req.headers["if-none-match"] === headers.etag) {
        status = 304;
        text = "";
      }
    }
    headers["content-length"] = String(Buffer.byteLength(text));
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : text);
  }

  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const url = new URL(req.url ?? "/", fake.apiUrl || "http://127.0.0.1");
    const credential = credentialOf(req.headers.authorization);
    requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, token: credential });
    const out: { ctx?: Ctx } = {};
    dispatch(req, url, credential, out)
      .then((reply) => write(req, res, reply, out.ctx))
      .catch((e: unknown) => {
        if (e instanceof HttpError) return write(req, res, { status: e.status, body: e.body, headers: e.headers }, out.ctx);
        console.error("[fake-github]", e);
        write(req, res, { status: 500, body: errorBody(500, "Server Error") });
      });
  });
  const listening = await listen(server);
  return { ...listening, requests, failRules };
}
