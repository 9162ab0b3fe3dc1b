import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A scripted answer for one path. Without `body`, the file under `root` is served (404 when missing) with `status`
 * and `headers` applied on top — e.g. add `X-Robots-Tag` to a corpus page.
 */
export type RouteSpec = {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
  /** Status for HEAD requests only (simulate servers answering HEAD with 405). */
  headStatus?: number;
  /** Wait this long before answering, ms; `Infinity` never answers (navigation timeout tests). */
  delayMs?: number;
};

export type StaticServerOptions = {
  /** Directory served as `/`. */
  root: string;
  /** Exact pathname (no query) → scripted answer or raw handler. */
  routes?: Record<string, RouteSpec | http.RequestListener>;
  /** Headers added to every response (before route headers). */
  headers?: Record<string, string>;
};

export type StaticServer = {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  url(pathname: string): string;
  /** Requests seen, as `METHOD /path?query`, in arrival order. */
  requests: string[];
  close(): Promise<void>;
};

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".svg": "image/svg+xml",
};

async function readUnder(root: string, pathname: string): Promise<Buffer | undefined> {
  let rel = decodeURIComponent(pathname);
  if (rel.endsWith("/")) rel += "index.html";
  const file = path.resolve(root, "." + rel);
  // Refuse `..` escapes: the corpus root is the jail.
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  try {
    return await fs.readFile(file);
  } catch {
    return undefined;
  }
}

/**
 * Start a static HTTP server on 127.0.0.1 with a random port, for tests that drive a real browser or fetch.
 * Missing files answer 404 with a small HTML body; HEAD answers carry no body.
 */
export async function startStaticServer({ root, routes = {}, headers = {} }: StaticServerOptions): Promise<StaticServer> {
  const absRoot = path.resolve(root);
  const requests: string[] = [];
  const pending = new Set<http.ServerResponse>();
  const server = http.createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const route = routes[pathname];
    if (typeof route === "function") return route(req, res);
    const spec = route ?? {};
    if (spec.delayMs) {
      pending.add(res);
      if (spec.delayMs === Infinity) return;
      await new Promise((r) => setTimeout(r, spec.delayMs));
      pending.delete(res);
    }
    const body = spec.body ?? (await readUnder(absRoot, pathname));
    const status = req.method === "HEAD" && spec.headStatus ? spec.headStatus : (spec.status ?? (body ? 200 : 404));
    res.statusCode = status;
    res.setHeader("content-type", TYPES[path.extname(pathname)] ?? (body ? "application/octet-stream" : "text/html; charset=utf-8"));
    for (const [k, v] of Object.entries({ ...headers, ...spec.headers })) res.setHeader(k, v);
    res.end(req.method === "HEAD" ? undefined : (body ?? "<!doctype html><title>Not found</title><h1>404</h1>"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (p) => origin + p,
    requests,
    close: async () => {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
