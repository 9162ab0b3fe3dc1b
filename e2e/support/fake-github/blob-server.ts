import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { Readable, Transform } from "node:stream";
import { listen, type Listening } from "./listen";
import type { BlobSource, FakeAssetServe } from "./state";

/** How one issued URL serves: `override` replaces the answer (release assets' `serve`); `onServe` runs on each GET. */
export type BlobOptions = { contentType: string; filename?: string; ttlMs: number; override?: FakeAssetServe; onServe?: () => void };

/** Issues short-lived signed download URLs on the blob server (what GitHub's 302s for logs, artifacts, assets point at). */
export type BlobStore = {
  /** A URL serving `source` until `ttlMs` from now: `<origin>/<kind>/<random>?sv=…&se=<expiry>&sr=b&sp=r&sig=…`. */
  issue(kind: "logs" | "artifacts" | "releases", source: BlobSource, o: BlobOptions): string;
};

export type BlobServer = Listening & { store: BlobStore; requests: { method: string; path: string; authorization: string | null }[] };

type Entry = Omit<BlobOptions, "ttlMs"> & { source: BlobSource; expiresAt: number; se: string };

const sizeOf = (s: BlobSource) => (s.kind === "buffer" ? s.data.byteLength : s.size);

/** Azure Blob Storage's XML error body (GitHub's downloads are served from Azure). */
function azureError(res: http.ServerResponse, status: number, code: string, message: string, detail?: string): void {
  const requestId = randomUUID();
  const body =
    `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message>` +
    (detail ? `<AuthenticationErrorDetail>${detail}</AuthenticationErrorDetail>` : "") +
    `</Error>`;
  res.writeHead(status, { "content-type": "application/xml", "content-length": Buffer.byteLength(body), "x-ms-request-id": requestId, "x-ms-error-code": code });
  res.end(body);
}

function* sliceChunks(chunks: Iterable<Uint8Array>, start: number, end: number): Generator<Uint8Array> {
  let pos = 0;
  for (const c of chunks) {
    const next = pos + c.byteLength;
    if (next > start && pos <= end) yield c.subarray(Math.max(0, start - pos), Math.min(c.byteLength, end - pos + 1));
    pos = next;
    if (pos > end) return;
  }
}

function body(source: BlobSource, start: number, end: number): Readable {
  if (source.kind === "file") return fs.createReadStream(source.path, { start, end });
  if (source.kind === "buffer") return Readable.from([Buffer.from(source.data.buffer, source.data.byteOffset + start, end - start + 1)]);
  return Readable.from(sliceChunks(source.chunks(), start, end), { objectMode: false });
}

/** `bytes=a-b` / `bytes=a-` / `bytes=-n` → inclusive range, `null` for none, `"bad"` when unsatisfiable. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | "bad" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  const start = m[1] === "" ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] === "" || m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start > end || start >= size ? "bad" : { start, end };
}

/**
 * The `override` answer: its status, content type and body (default the real bytes, streamed). A `contentLength`
 * below the body's length truncates it; above, the socket is closed after the body (a cut transfer); `"omit"`: chunked.
 */
function serveOverride(req: http.IncomingMessage, res: http.ServerResponse, e: Entry, o: FakeAssetServe): void {
  const data = typeof o.body === "string" ? Buffer.from(o.body) : o.body;
  const length = data ? data.byteLength : sizeOf(e.source);
  const headers: Record<string, string | number> = { "content-type": o.contentType ?? e.contentType, "x-ms-request-id": randomUUID() };
  if (o.contentLength !== "omit") headers["content-length"] = o.contentLength ?? length;
  res.writeHead(o.status ?? 200, headers);
  if (req.method === "HEAD") return void res.end();
  const limit = typeof o.contentLength === "number" ? o.contentLength : Infinity;
  let sent = 0;
  const cut = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const part = chunk.subarray(0, Math.max(0, limit - sent));
      sent += part.byteLength;
      done(null, part.byteLength ? part : undefined);
    },
  });
  const stream = data ? Readable.from([Buffer.from(data)]) : length ? body(e.source, 0, length - 1) : Readable.from([]);
  stream.on("error", () => res.destroy());
  res.on("close", () => stream.destroy());
  cut.on("end", () => (sent < limit && limit !== Infinity ? res.destroy() : res.end()));
  stream.pipe(cut).pipe(res, { end: false });
}

function serve(req: http.IncomingMessage, res: http.ServerResponse, e: Entry): void {
  if (req.method === "GET") e.onServe?.();
  if (e.override) return serveOverride(req, res, e, e.override);
  const size = sizeOf(e.source);
  const range = parseRange(req.headers.range, size);
  if (range === "bad") {
    res.setHeader("content-range", `bytes */${size}`);
    return azureError(res, 416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const headers: Record<string, string | number> = {
    "content-type": e.contentType,
    "content-length": size === 0 ? 0 : end - start + 1,
    "accept-ranges": "bytes",
    "last-modified": new Date(e.expiresAt - 86_400_000).toUTCString(),
    etag: `"0x8DC${e.se.replace(/\D/g, "").slice(0, 12)}"`,
    "x-ms-blob-type": "BlockBlob",
    "x-ms-version": "2023-11-03",
    "x-ms-request-id": randomUUID(),
  };
  if (e.filename) headers["content-disposition"] = `attachment; filename=${e.filename}; filename*=UTF-8''${encodeURIComponent(e.filename)}`;
  if (range) headers["content-range"] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === "HEAD" || size === 0) return void res.end();
  const stream = body(e.source, start, end);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/**
 * Start the blob server (a stand-in for Azure Blob Storage): it serves each issued URL — GET/HEAD, `Range` honoured —
 * only with its exact signature and only before its `se` expiry, else 403 `AuthenticationFailed` (XML). A request
 * carrying an `Authorization` header is refused with 400 `InvalidAuthenticationInfo`: clients must not forward their
 * GitHub token to the storage host (GitHub's docs; fetch drops it on cross-origin redirects).
 */
export async function startBlobServer(): Promise<BlobServer> {
  const secret = randomBytes(32);
  const entries = new Map<string, Entry>();
  const requests: BlobServer["requests"] = [];
  const sign = (path: string, se: string) => createHmac("sha256", secret).update(`${path}\n${se}`).digest("base64");

  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const url = new URL(req.url ?? "/", "http://blob");
    const authorization = req.headers.authorization ?? null;
    requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, authorization });
    if (req.method !== "GET" && req.method !== "HEAD") return azureError(res, 405, "UnsupportedHttpVerb", "The resource doesn't support specified Http Verb.");
    if (authorization) return azureError(res, 400, "InvalidAuthenticationInfo", "Authentication information is not given in the correct format. Check the value of Authorization header.");
    const e = entries.get(url.pathname);
    if (!e) return azureError(res, 404, "BlobNotFound", "The specified blob does not exist.");
    const se = url.searchParams.get("se") ?? "";
    const given = Buffer.from(url.searchParams.get("sig") ?? "");
    const want = Buffer.from(sign(url.pathname, se));
    if (se !== e.se || given.length !== want.length || !timingSafeEqual(given, want)) {
      return azureError(res, 403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.", "Signature did not match.");
    }
    if (Date.now() > e.expiresAt) {
      const detail = `Signed expiry time [${new Date(e.expiresAt).toUTCString()}] must be after signed start time [${new Date().toUTCString()}]`;
      return azureError(res, 403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.", detail);
    }
    serve(req, res, e);
  });
  const listening = await listen(server);

  const store: BlobStore = {
    issue(kind, source, o) {
      const path = `/${kind}/${randomBytes(12).toString("hex")}`;
      const expiresAt = Date.now() + o.ttlMs;
      const se = new Date(expiresAt).toISOString();
      entries.set(path, { source, contentType: o.contentType, filename: o.filename, override: o.override, onServe: o.onServe, expiresAt, se });
      const q = new URLSearchParams({ sv: "2023-11-03", se, sr: "b", sp: "r", sig: sign(path, se) });
      return `${listening.origin}${path}?${q.toString()}`;
    },
  };
  return { ...listening, store, requests };
}
