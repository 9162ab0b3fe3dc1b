import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { liveToken, requireRepo } from "./access";
import { credentialOf, rateLimited, requestId } from "./api-server";
import { repoKey } from "./git-graph";
import { badCredentials, type Ctx, DOCS, errorBody, type FakeContext, HttpError, iso, notFound, validationFailed } from "./http";
import { listen, type Listening } from "./listen";
import { assetName, assetTaken } from "./release-ops";
import { renderAsset } from "./render-releases";
import type { BlobSource, FakeReleaseAsset } from "./state";

/** Bodies above this are spooled to a temporary file instead of memory. */
const MEMORY_LIMIT = 8 * 1024 * 1024;

export type UploadFailure = { afterBytes: number; left: number; name?: string };

export type UploadServer = Listening & {
  requests: { method: string; path: string; token: string | null; bytes: number }[];
  /** `failNextUpload` rules, first match wins. */
  failures: UploadFailure[];
};

const PATH = /^\/repos\/([^/]+)\/([^/]+)\/releases\/(\d{1,16})\/assets\/?$/;

function write(res: http.ServerResponse, fake: FakeContext, status: number, body: unknown, accepted?: string): void {
  if (res.headersSent || res.destroyed) return;
  const { limit, remaining, reset } = fake.state.rateLimit;
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    server: "github.com",
    "x-github-request-id": requestId(),
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(reset),
    "x-ratelimit-used": String(limit - remaining),
    "x-ratelimit-resource": "core",
  };
  if (accepted) headers["x-accepted-github-permissions"] = accepted;
  res.writeHead(status, headers);
  res.end(text);
}

/** Validate the request as uploads.github.com does, before a byte of the body is read. */
function admit(fake: FakeContext, req: http.IncomingMessage, url: URL, credential: string | null, ctxOut: { ctx?: Ctx }) {
  const m = PATH.exec(url.pathname);
  if (req.method !== "POST" || !m) throw notFound();
  const { state } = fake;
  if (Date.now() / 1000 >= state.rateLimit.reset) state.rateLimit = { ...state.rateLimit, remaining: state.rateLimit.limit, reset: Math.floor(Date.now() / 1000) + 3600 };
  const token = liveToken(state, credential);
  if (!token) throw badCredentials();
  if (state.rateLimit.remaining <= 0) throw rateLimited(token, fake);
  state.rateLimit.remaining--;
  const params = { owner: decodeURIComponent(m[1]!), repo: decodeURIComponent(m[2]!), release_id: m[3]! };
  const ctx: Ctx = { fake, method: "POST", url, params, query: url.searchParams, credential, token, body: undefined, headers: req.headers };
  ctxOut.ctx = ctx;
  const repo = requireRepo(ctx, "contents", "write");
  const release = state.releases.find((r) => r.id === Number(m[3]));
  if (!release || release.repo !== repoKey(repo)) throw notFound();
  const raw = url.searchParams.get("name");
  if (!raw) throw new HttpError(400, errorBody(400, "Bad Request"));
  const contentType = req.headers["content-type"];
  if (!contentType) throw new HttpError(400, { message: "Invalid Content-Type: ''", documentation_url: DOCS, status: "400" });
  const length = req.headers["content-length"];
  if (!length || !/^\d+$/.test(length)) throw new HttpError(400, { message: `Bad Content-Length: ${length ?? ""}`, documentation_url: DOCS, status: "400" });
  if (Number(length) === 0) throw validationFailed([{ resource: "ReleaseAsset", code: "custom", field: "size", message: "size is not included in the list" }]);
  const name = assetName(raw);
  if (assetTaken(release, name)) throw validationFailed([{ resource: "ReleaseAsset", code: "already_exists", field: "name" }]);
  return { release, name, raw, contentType, size: Number(length), uploader: token.login };
}

/**
 * Start the uploads host (uploads.github.com stand-in) serving `POST /repos/{o}/{r}/releases/{id}/assets?name=&label=`:
 * the API's token, rate-limit and `contents: write` checks (same 401/403/404 bodies); 404 for anything else; 400 for a
 * missing `name`, `Content-Type` (`Invalid Content-Type: ''`) or `Content-Length` (`Bad Content-Length: `); 422 for a
 * zero size or a name (after GitHub's renaming) an asset already has. The asset exists as `starter` from the first
 * byte; the body is streamed and hashed (sha256), kept in memory up to 8 MiB, else spooled to a temporary file; a
 * complete body makes it `uploaded` (201 with its JSON). An interrupted body — or a `failures` rule, which destroys
 * the socket after `afterBytes` — leaves it `starter`.
 */
export async function startUploadServer(fake: FakeContext): Promise<UploadServer> {
  const requests: UploadServer["requests"] = [];
  const failures: UploadFailure[] = [];
  let tmpDir: string | null = null;
  const spoolPath = () => {
    tmpDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "fake-github-uploads-"));
    return path.join(tmpDir, `${Date.now()}-${Math.random().toString(36).slice(2)}`);
  };

  async function receive(req: http.IncomingMessage, res: http.ServerResponse, record: UploadServer["requests"][number], ctxOut: { ctx?: Ctx }) {
    const url = new URL(req.url ?? "/", fake.uploadOrigin);
    const a = admit(fake, req, url, record.token, ctxOut);
    const now = iso(Date.now());
    const label = url.searchParams.get("label") ?? "";
    const asset: FakeReleaseAsset = { id: fake.state.nextId(), releaseId: a.release.id, name: a.name, label, size: 0, contentType: a.contentType, state: "starter", digest: null, downloadCount: 0, source: null, uploader: a.uploader, createdAt: now, updatedAt: now };
    a.release.assets.push(asset);
    const rule = failures.find((f) => !f.name || f.name === a.name || f.name === a.raw);
    if (rule && --rule.left <= 0) failures.splice(failures.indexOf(rule), 1);
    const hash = createHash("sha256");
    const spool = a.size > MEMORY_LIMIT ? spoolPath() : null;
    const out = spool ? fs.createWriteStream(spool) : null;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        const part = rule ? chunk.subarray(0, Math.max(0, rule.afterBytes - record.bytes)) : chunk;
        record.bytes += part.length;
        hash.update(part);
        if (out && !out.write(part)) await new Promise<void>((r) => out.once("drain", () => r()));
        if (!out) chunks.push(part);
        if (rule && record.bytes >= rule.afterBytes) {
          req.socket.destroy();
          break;
        }
      }
    } finally {
      if (out) await new Promise<void>((r) => out.end(() => r()));
    }
    if (req.socket.destroyed || record.bytes !== a.size) {
      if (spool) fs.rmSync(spool, { force: true });
      return;
    }
    const source: BlobSource = spool ? { kind: "file", path: spool, size: a.size } : { kind: "buffer", data: Buffer.concat(chunks) };
    Object.assign(asset, { state: "uploaded", size: a.size, digest: `sha256:${hash.digest("hex")}`, source, updatedAt: iso(Date.now()) });
    write(res, fake, 201, renderAsset(fake, a.release, asset));
  }

  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const url = new URL(req.url ?? "/", "http://uploads");
    const record = { method: req.method ?? "GET", path: url.pathname + url.search, token: credentialOf(req.headers.authorization), bytes: 0 };
    requests.push(record);
    const out: { ctx?: Ctx } = {};
    receive(req, res, record, out).catch((e: unknown) => {
      if (e instanceof HttpError) return write(res, fake, e.status, e.body, out.ctx?.token ? out.ctx.accepted : undefined);
      if (req.destroyed || res.destroyed) return; // the client went away mid-body: the asset stays a starter
      console.error("[fake-github uploads]", e);
      write(res, fake, 500, errorBody(500, "Server Error"));
    });
  });
  const listening = await listen(server);
  return {
    ...listening,
    requests,
    failures,
    close: async () => {
      await listening.close();
      if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}
