import { createHash } from "node:crypto";
import fs from "node:fs";
import { findRepo } from "./access";
import { type FailRule, startApiServer } from "./api-server";
import { createApp } from "./app-auth";
import { startBlobServer } from "./blob-server";
import { type FakeContext, iso } from "./http";
import { actionsRoutes } from "./routes/actions";
import { appRoutes } from "./routes/app";
import { artifactRoutes } from "./routes/artifacts";
import { coreRoutes } from "./routes/core";
import { issueRoutes } from "./routes/issues";
import { seedDefault } from "./seed";
import { createState, type FakeState, userOf } from "./state";

export type { FailRule } from "./api-server";
export type * from "./state";

export type FakeGitHub = {
  /** `http://127.0.0.1:<port>` — what the app gets as `GITHUB_API_URL`; every URL in responses points here. */
  apiUrl: string;
  /** `http://127.0.0.1:<port2>` — the separate blob server log and artifact downloads redirect to. */
  blobOrigin: string;
  /** The mutable in-memory state (see `FakeState`); `state.seed` holds the seeded ids. */
  state: FakeState;
  /** Every API request, in order; `token` is the credential sent (token or JWT) or null. */
  requests: { method: string; path: string; token: string | null }[];
  /** Every blob request; a client must never send its GitHub token there (`authorization` must stay null). */
  blobRequests: { method: string; path: string; authorization: string | null }[];
  /** Register a token. `permissions` omitted: every permission at `write`; `repos` (`owner/name`) omitted: all. */
  addToken(token: string, o: { login: string; kind: "pat" | "installation"; permissions?: Record<string, "read" | "write">; repos?: string[] }): void;
  /** The GitHub App: id, PKCS#1 PEM private key, and owner login → installation id. */
  app: { appId: number; privateKeyPem: string; installations: Record<string, number> };
  /** Inject an answer for the next matching request(s); the first matching rule wins; `times` defaults to 1. */
  failNext(rule: FailRule): void;
  /** Set the primary (core) rate limit; at `remaining: 0` every counted call answers 403 until `resetEpochSeconds`. */
  setRateLimit(o: { limit?: number; remaining: number; resetEpochSeconds?: number }): void;
  /** Add an artifact whose zip is streamed from `file` (never read into memory); returns its id. */
  addArtifactFromFile(o: { repo: string; runId: number; name: string; file: string }): number;
  /** Close both servers and every open connection. */
  close(): Promise<void>;
};

/**
 * Start a stateful fake of GitHub's REST API (Actions runs, jobs, logs, artifacts; issues and search; pulls; the
 * GitHub App flow) on 127.0.0.1, answering with the shapes of GitHub's OpenAPI examples, plus a separate blob server
 * for the signed, expiring download URLs GitHub redirects to.
 * @param o.artifactUrlTtlMs lifetime of log and artifact download URLs, ms (default 60,000 — GitHub's "1 minute");
 *   changeable later through `state.downloadUrlTtlMs`.
 * @param o.seed `"default"` (see `seedDefault`: acme/web, acme/api, runs, artifacts, issues) or `"empty"`.
 */
export async function startFakeGitHub(o: { artifactUrlTtlMs?: number; seed?: "default" | "empty" } = {}): Promise<FakeGitHub> {
  const state = createState({ downloadUrlTtlMs: o.artifactUrlTtlMs ?? 60_000 });
  const app = createApp();
  Object.defineProperty(app, "installations", { get: () => Object.fromEntries([...state.installations.values()].map((i) => [i.account, i.id])), enumerable: true });
  if (o.seed !== "empty") state.seed = await seedDefault(state);
  const blob = await startBlobServer();
  const fake: FakeContext = { state, apiUrl: "", blobOrigin: blob.origin, blobs: blob.store, app };
  const api = await startApiServer(fake, [...coreRoutes, ...actionsRoutes, ...artifactRoutes, ...issueRoutes, ...appRoutes]);
  fake.apiUrl = api.origin;

  return {
    apiUrl: api.origin,
    blobOrigin: blob.origin,
    state,
    requests: api.requests,
    blobRequests: blob.requests,
    addToken(token, t) {
      userOf(state, t.login);
      state.tokens.set(token, { login: t.login, kind: t.kind, permissions: t.permissions ?? null, repos: t.repos });
    },
    app,
    failNext(rule) {
      api.failRules.push({ ...rule, left: rule.times ?? 1 });
    },
    setRateLimit(r) {
      const limit = r.limit ?? state.rateLimit.limit;
      state.rateLimit = { limit, remaining: Math.min(r.remaining, limit), reset: r.resetEpochSeconds ?? Math.floor(Date.now() / 1000) + 3600 };
    },
    addArtifactFromFile(a) {
      if (!findRepo(state, a.repo) || !state.runs.get(a.runId)) throw new Error(`addArtifactFromFile: no run ${a.runId} in ${a.repo}`);
      const id = state.nextId();
      const now = Date.now();
      const size = fs.statSync(a.file).size;
      const artifact = { id, repo: a.repo, runId: a.runId, name: a.name, createdAt: iso(now), expiresAt: iso(now + 90 * 86_400_000), expired: false, digest: null as string | null, source: { kind: "file" as const, path: a.file, size } };
      state.artifacts.set(id, artifact);
      // The digest appears once the file is hashed (streamed, in the background): null until then.
      const h = createHash("sha256");
      fs.createReadStream(a.file)
        .on("data", (c) => h.update(c))
        .on("end", () => (artifact.digest = `sha256:${h.digest("hex")}`))
        .on("error", () => undefined);
      return id;
    },
    close: async () => {
      await Promise.all([api.close(), blob.close()]);
    },
  };
}
