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
import { gitRoutes } from "./routes/git";
import { issueRoutes } from "./routes/issues";
import { pullRoutes } from "./routes/pulls";
import { releaseRoutes } from "./routes/releases";
import { type FakeReleaseApi, releaseApi } from "./release-api";
import { seedDefault } from "./seed";
import { addRun, type JobPlan, shaOf } from "./seed-runs";
import { fromBuffer, prng } from "./zips";
import { strToU8, zipSync } from "fflate";
import { createState, type FakeState, userOf } from "./state";
import { startUploadServer } from "./upload-server";

export type { FailRule } from "./api-server";
export type * from "./state";

export type FakeGitHub = FakeReleaseApi & {
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
  /** Add a repository with its workflows (scenarios beyond the default seed). */
  addRepo(o: { owner: string; name: string; defaultBranch?: string; private?: boolean; workflows?: { id: number; name: string; file: string }[] }): void;
  /** Add an open pull request (`GET /repos/{o}/{r}/pulls/{n}` answers it). */
  addPullRequest(o: { repo: string; number: number; title: string; headRef: string; headSha: string; baseRef: string }): void;
  /**
   * Add a completed workflow run, one attempt per entry of `attempts` (a `build` and a `test` job each; the `test` job
   * fails at "Run npm test" in a failed attempt), starting `createdAtMs` (default now − 1 h) and 20 minutes apart.
   * @returns the run id and each attempt's start (epoch ms) and job ids.
   */
  addRun(o: { repo: string; workflowId: number; event: string; branch: string; sha?: string; pullNumbers?: number[]; createdAtMs?: number; attempts: ("success" | "failure")[] }): { runId: number; attempts: { startMs: number; jobIds: number[] }[] };
  /** Add an artifact zipped in memory from `files` (path → content), created at `createdAtMs` (default now); returns its id. */
  addArtifact(o: { repo: string; runId: number; name: string; files: Record<string, string | Uint8Array>; createdAtMs?: number }): number;
  /** Close the three servers and every open connection; remove spooled uploads. */
  close(): Promise<void>;
};

/**
 * Start a stateful fake of GitHub's REST API (Actions runs, jobs, logs, artifacts; issues and search; pulls; the
 * GitHub App flow; releases, assets, commits, comparisons, contents) on 127.0.0.1, answering with the shapes of
 * GitHub's OpenAPI examples, plus a separate blob server for the signed, expiring download URLs GitHub redirects to
 * and an uploads host for release assets.
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
  const fake: FakeContext = { state, apiUrl: "", blobOrigin: blob.origin, uploadOrigin: "", blobs: blob.store, app };
  const api = await startApiServer(fake, [...coreRoutes, ...pullRoutes, ...actionsRoutes, ...artifactRoutes, ...issueRoutes, ...releaseRoutes, ...gitRoutes, ...appRoutes]);
  fake.apiUrl = api.origin;
  const uploads = await startUploadServer(fake);
  fake.uploadOrigin = uploads.origin;

  return {
    ...releaseApi(state, uploads),
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
    addRepo(r) {
      const full = `${r.owner}/${r.name}`;
      const now = iso(Date.now());
      if (!state.users.has(r.owner)) state.users.set(r.owner, { login: r.owner, id: state.nextId(), type: "Organization", name: r.owner });
      state.repos.set(full, { id: state.nextId(), owner: r.owner, name: r.name, private: r.private ?? true, description: null, defaultBranch: r.defaultBranch ?? "main", createdAt: now, pushedAt: now });
      for (const w of r.workflows ?? []) state.workflows.set(w.id, { ...w, repo: full, createdAt: now });
    },
    addPullRequest(p) {
      const at = iso(Date.now());
      state.issues.push({ id: state.nextId(), repo: p.repo, number: p.number, title: p.title, body: null, state: "open", stateReason: null, labels: [], user: "mona", assignees: [], locked: false, createdAt: at, updatedAt: at, closedAt: null, closedBy: null, pull: { headRef: p.headRef, headSha: p.headSha, baseRef: p.baseRef, draft: false, mergedAt: null } });
    },
    addRun(r) {
      const createdMs = r.createdAtMs ?? Date.now() - 3_600_000;
      const id = state.nextId();
      const jobs = (fail: boolean): JobPlan[] => [{ kind: "build" }, { kind: "test", end: fail ? { kind: "failure", step: "Run npm test" } : "success" }];
      const attempts = r.attempts.map((a, i) => ({ startMs: createdMs + 2000 + i * 20 * 60_000, jobs: jobs(a === "failure") }));
      const { run, jobs: byAttempt } = addRun(
        state,
        { id, repo: r.repo, workflowId: r.workflowId, runNumber: 1 + (id % 10_000), event: r.event, headBranch: r.branch, headSha: r.sha ?? shaOf(`${r.repo} ${r.branch} ${id}`), commitMessage: `Change ${id}`, actor: "mona", createdAt: iso(createdMs), pullNumbers: r.pullNumbers ?? [], attempts },
        prng(id % 100_000),
        id * 1_000,
      );
      return { runId: run.id, attempts: attempts.map((a, i) => ({ startMs: a.startMs, jobIds: byAttempt[i]!.map((j) => j.id) })) };
    },
    addArtifact(a) {
      if (!findRepo(state, a.repo) || !state.runs.get(a.runId)) throw new Error(`addArtifact: no run ${a.runId} in ${a.repo}`);
      const id = state.nextId();
      const at = a.createdAtMs ?? Date.now();
      const zip = fromBuffer(zipSync(Object.fromEntries(Object.entries(a.files).map(([k, v]) => [k, typeof v === "string" ? strToU8(v) : v]))));
      state.artifacts.set(id, { id, repo: a.repo, runId: a.runId, name: a.name, createdAt: iso(at), expiresAt: iso(at + 90 * 86_400_000), expired: false, digest: zip.digest, source: zip.source });
      return id;
    },
    close: async () => {
      await Promise.all([api.close(), blob.close(), uploads.close()]);
    },
  };
}
