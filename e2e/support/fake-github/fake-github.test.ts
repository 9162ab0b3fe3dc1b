import { generateKeyPairSync, sign } from "node:crypto";
import { createAppAuth } from "@octokit/auth-app";
import { request } from "@octokit/request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { rawFixture } from "./fixtures";
import { type FakeGitHub, startFakeGitHub } from "./index";

const TTL = 600;
let gh: FakeGitHub;

/** The fields of GitHub's JSON these tests read. */
type G = {
  id: number;
  number: number;
  name: string;
  path: string;
  status: string;
  conclusion: string | null;
  created_at: string;
  head_branch: string;
  jobs_url: string;
  archive_download_url: string;
  size_in_bytes: number;
  message: string;
  total_count: number;
  pull_requests: { number: number }[];
  pull_request: { url: string };
  workflow_runs: G[];
  jobs: G[];
  artifacts: G[];
  steps: G[];
  resources: { core: G };
  head: G;
};

type Answer = { status: number; headers: Headers; text: string; json: <T = G>() => T };

async function api(path: string, o: { token?: string | null; method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const token = o.token === undefined ? "ghp_all" : o.token;
  const url = path.startsWith("http") ? path : gh.apiUrl + path;
  const headers: Record<string, string> = { accept: "application/vnd.github+json", ...o.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: o.method ?? "GET", headers, body: o.body === undefined ? undefined : JSON.stringify(o.body), redirect: "manual" });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T,>() => JSON.parse(text) as T };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seed = () => gh.state.seed!;

type Zip = { entries: yauzl.Entry[]; zip: yauzl.ZipFile };

function openZip(buf: Buffer, options: yauzl.Options = {}): Promise<Zip> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true, ...options }, (err, zip) => {
      if (err || !zip) return reject(err);
      const entries: yauzl.Entry[] = [];
      zip.on("entry", (e: yauzl.Entry) => (entries.push(e), zip.readEntry()));
      zip.on("end", () => resolve({ entries, zip }));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, keep = true): Promise<{ size: number; data: Buffer }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (c: Buffer) => ((size += c.length), keep && chunks.push(c)));
      stream.on("end", () => resolve({ size, data: Buffer.concat(chunks) }));
      stream.on("error", reject);
    });
  });
}

async function downloadArtifact(id: number): Promise<Buffer> {
  const r = await api(`/repos/acme/${id === seed().testResultsArtifactId ? "web" : "api"}/actions/artifacts/${id}/zip`);
  expect(r.status).toBe(302);
  const blob = await fetch(r.headers.get("location")!);
  expect(blob.status).toBe(200);
  return Buffer.from(await blob.arrayBuffer());
}

beforeAll(async () => {
  gh = await startFakeGitHub({ artifactUrlTtlMs: TTL });
  gh.addToken("ghp_all", { login: "mona", kind: "pat" });
  gh.addToken("ghp_issues_only", { login: "mona", kind: "pat", permissions: { issues: "read" } });
  gh.addToken("ghp_api_only", { login: "mona", kind: "pat", repos: ["acme/api"] });
});
afterAll(async () => gh.close());

describe("workflow runs", () => {
  it("pages 70 runs by 25 with GitHub's Link header (prev, next, last, first)", async () => {
    const first = await api("/repos/acme/web/actions/runs?per_page=25");
    expect(first.status).toBe(200);
    expect(first.json().total_count).toBe(70);
    expect(first.headers.get("link")).toBe(
      `<${gh.apiUrl}/repos/acme/web/actions/runs?per_page=25&page=2>; rel="next", <${gh.apiUrl}/repos/acme/web/actions/runs?per_page=25&page=3>; rel="last"`,
    );
    const second = await api(/<([^>]+)>; rel="next"/.exec(first.headers.get("link")!)![1]!);
    expect(second.headers.get("link")).toMatch(/page=1>; rel="prev", <.*page=3>; rel="next", <.*page=3>; rel="last", <.*page=1>; rel="first"$/);
    const third = await api(/<([^>]+)>; rel="next"/.exec(second.headers.get("link")!)![1]!);
    expect(third.headers.get("link")).toMatch(/page=2>; rel="prev", <.*page=1>; rel="first"$/);
    const runs = [first, second, third].flatMap((p) => p.json().workflow_runs);
    expect(runs).toHaveLength(70);
    expect(new Set(runs.map((r) => r.id)).size).toBe(70);
    const created = runs.map((r) => r.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    expect(first.text).not.toMatch(/https:\/\/(api\.)?github\.com/);
    expect(runs[0]!.jobs_url).toBe(`${gh.apiUrl}/repos/acme/web/actions/runs/${runs[0]!.id}/jobs`);
  });

  it("filters by branch, event, status (status or conclusion), created, head_sha, workflow and exclude_pull_requests", async () => {
    const q = async (query: string, path = "/repos/acme/web/actions/runs") => (await api(`${path}?per_page=100&${query}`)).json();
    const main = await q("branch=main");
    expect(main.total_count).toBeGreaterThan(10);
    expect(main.workflow_runs.every((r) => r.head_branch === "main")).toBe(true);
    const failed = await q("status=failure");
    expect(failed.total_count).toBeGreaterThan(3);
    expect(failed.workflow_runs.every((r) => r.conclusion === "failure" && r.status === "completed")).toBe(true);
    expect((await q("status=in_progress")).workflow_runs.map((r) => r.id)).toEqual([seed().inProgressRunId]);
    expect((await q("status=queued")).total_count).toBe(2);
    const nightly = await q("event=schedule");
    expect(nightly.workflow_runs.every((r) => r.name === "Nightly" && r.path === ".github/workflows/nightly.yml")).toBe(true);
    expect((await q("", "/repos/acme/web/actions/workflows/nightly.yml/runs")).total_count).toBe(nightly.total_count);
    const pr = await q(`head_sha=${seed().prHeadSha}`);
    expect(pr.total_count).toBe(4);
    expect(pr.workflow_runs.every((r) => r.pull_requests[0]?.number === 42)).toBe(true);
    expect((await q(`head_sha=${seed().prHeadSha}&exclude_pull_requests=true`)).workflow_runs.every((r) => r.pull_requests.length === 0)).toBe(true);
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const recent = await q(`created=${encodeURIComponent(`>=${day}`)}`);
    expect(recent.total_count).toBeGreaterThan(0);
    expect(recent.total_count).toBeLessThan(70);
    expect(recent.workflow_runs.every((r) => r.created_at >= day)).toBe(true);
    const older = await q(`created=${encodeURIComponent(`<${day}`)}`);
    expect(older.total_count + recent.total_count).toBe(70);
    expect((await q(`created=2020-01-01..${day}`)).total_count).toBe(older.total_count + (await q(`created=${day}`)).total_count);
    expect((await api("/repos/acme/web/actions/runs?status=bogus")).status).toBe(422);
  });

  it("serves both attempts of the failed run and their jobs", async () => {
    const base = `/repos/acme/web/actions/runs/${seed().failedRunId}`;
    const run = (await api(base)).json();
    expect(run).toMatchObject({ run_attempt: 2, conclusion: "failure", previous_attempt_url: `${gh.apiUrl}${base}/attempts/1`, event: "pull_request" });
    expect((await api(`${base}/attempts/1`)).json()).toMatchObject({ run_attempt: 1, previous_attempt_url: null, jobs_url: `${gh.apiUrl}${base}/attempts/1/jobs` });
    expect((await api(`${base}/attempts/3`)).status).toBe(404);
    expect((await api(`${base}/jobs`)).json().total_count).toBe(3);
    expect((await api(`${base}/jobs?filter=all`)).json().total_count).toBe(6);
    const first = (await api(`${base}/attempts/1/jobs`)).json().jobs.find((j) => j.conclusion === "failure")!;
    expect(first.id).toBe(seed().firstAttemptFailedJobId);
    expect(first.steps.find((s) => s.conclusion === "failure")!.name).toBe("Install dependencies");
    const job = (await api(`/repos/acme/web/actions/jobs/${seed().failedJobId}`)).json();
    expect(job).toMatchObject({ run_id: seed().failedRunId, run_attempt: 2, name: "test", conclusion: "failure" });
    expect(job.steps.find((s) => s.conclusion === "failure")!.name).toBe("Run npm test");
    expect((await api(`/repos/acme/api/actions/jobs/${seed().failedJobId}`)).status).toBe(404);
  });
});

describe("downloads", () => {
  it("redirects job logs to a plain-text blob URL that expires", async () => {
    const r = await api(`/repos/acme/web/actions/jobs/${seed().failedJobId}/logs`);
    expect(r.status).toBe(302);
    const location = r.headers.get("location")!;
    expect(location.startsWith(`${gh.blobOrigin}/logs/`)).toBe(true);
    expect(location).toMatch(/[?&]sig=/);
    const blob = await fetch(location, { headers: { authorization: "Bearer ghp_all" } });
    expect(blob.status).toBe(400); // the GitHub token must not travel to the storage host
    const ok = await fetch(location);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    const lines = (await ok.text()).replace(/^\uFEFF/, "").trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(3000);
    expect(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z /.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes("##[error]"))).toHaveLength(2);
    expect(lines.some((l) => l.includes("##[group]Run npm test"))).toBe(true);
    expect(lines.some((l) => l.includes("FAIL") && l.includes("src/login.test.ts"))).toBe(true);
    expect(lines.slice(-12).some((l) => l.endsWith("##[error]Process completed with exit code 1."))).toBe(true);
    const tampered = await fetch(location.replace(/sig=[^&]+/, "sig=AAAA"));
    expect(tampered.status).toBe(403);
    await sleep(TTL + 50);
    const late = await fetch(location);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain("<Code>AuthenticationFailed</Code>");
  });

  it("follows the redirect without forwarding the token (fetch drops it cross-origin)", async () => {
    const res = await fetch(`${gh.apiUrl}/repos/acme/web/actions/jobs/${seed().failedJobId}/logs`, { headers: { authorization: "token ghp_all" } });
    expect(res.status).toBe(200);
    expect(gh.blobRequests.at(-1)!.authorization).toBeNull();
  });

  it("redirects artifact zips to an expiring blob URL; expired artifacts are 410", async () => {
    const list = (await api(`/repos/acme/web/actions/runs/${seed().failedRunId}/artifacts?name=test-results`)).json();
    expect(list.total_count).toBe(1);
    const art = list.artifacts[0]!;
    expect(art.archive_download_url).toBe(`${gh.apiUrl}/repos/acme/web/actions/artifacts/${art.id}/zip`);
    const r = await api(new URL(art.archive_download_url).pathname);
    const location = r.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${gh.blobOrigin}/artifacts/[0-9a-f]+\\?.*se=.*&sig=`));
    const blob = await fetch(location);
    expect(blob.headers.get("content-type")).toBe("application/zip");
    const buf = Buffer.from(await blob.arrayBuffer());
    expect(Number(blob.headers.get("content-length"))).toBe(art.size_in_bytes);
    expect(buf.length).toBe(art.size_in_bytes);
    const { entries, zip } = await openZip(buf);
    expect(entries.map((e) => e.fileName).sort()).toEqual(["README.md", "reports/codeql.sarif", "reports/junit/results.xml"]);
    const sarif = JSON.parse((await readEntry(zip, entries.find((e) => e.fileName.endsWith(".sarif"))!)).data.toString());
    expect(sarif.version).toBe("2.1.0");
    await sleep(TTL + 50);
    const late = await fetch(location);
    expect(late.status).toBe(403);
    expect(late.headers.get("content-type")).toBe("application/xml");
    const expired = await api(`/repos/acme/api/actions/artifacts/${seed().artifacts["expired-report"]}/zip`);
    expect(expired.status).toBe(410);
    expect(expired.json().message).toBe("Artifact has expired");
  });

  it("serves hostile archives that a strict reader parses and flags", async () => {
    const ids = seed().artifacts;
    const traversal = await downloadArtifact(ids.traversal!);
    await expect(openZip(traversal)).rejects.toThrow("invalid relative path: ../../evil.txt");
    expect((await openZip(traversal, { decodeStrings: false })).entries).toHaveLength(2);
    await expect(openZip(await downloadArtifact(ids.absolute!))).rejects.toThrow("absolute path: /etc/evil");
    const link = await openZip(await downloadArtifact(ids.symlink!));
    const entry = link.entries.find((e) => e.fileName === "passwd")!;
    expect((entry.externalFileAttributes >>> 16) & 0o170000).toBe(0o120000);
    expect((await readEntry(link.zip, entry)).data.toString()).toBe("/etc/passwd");
    const ratio = await openZip(await downloadArtifact(ids["zip-bomb-ratio"]!));
    expect(ratio.entries[0]!.uncompressedSize / ratio.entries[0]!.compressedSize).toBeGreaterThan(500);
    expect((await readEntry(ratio.zip, ratio.entries[0]!, false)).size).toBe(128 * 1024 * 1024);
    const total = await openZip(await downloadArtifact(ids["zip-bomb-total"]!));
    expect(total.entries.reduce((n, e) => n + e.uncompressedSize, 0)).toBeGreaterThan(1024 ** 3);
    expect(Math.max(...total.entries.map((e) => e.uncompressedSize / e.compressedSize))).toBeLessThan(100);
    expect((await readEntry(total.zip, total.entries[0]!, false)).size).toBe(8 * 1024 * 1024);
    // The oversized one: check its size and end record through a Range request, without downloading 68 MiB.
    const r = await api(`/repos/acme/api/actions/artifacts/${ids.oversized}/zip`);
    const tail = await fetch(r.headers.get("location")!, { headers: { range: "bytes=-22" } });
    expect(tail.status).toBe(206);
    expect(Number(tail.headers.get("content-range")!.split("/")[1])).toBeGreaterThan(64 * 1024 * 1024);
    expect(Buffer.from(await tail.arrayBuffer()).readUInt32LE(0)).toBe(0x06054b50);
  });
});

describe("credentials, permissions and limits", () => {
  it("answers 401 for missing or unknown tokens, 404 for repos not granted, 403 for missing permissions", async () => {
    const none = await api("/repos/acme/web", { token: null });
    expect(none.status).toBe(401);
    expect(none.json()).toMatchObject({ message: "Bad credentials", status: "401" });
    expect((await api("/repos/acme/web", { token: "ghp_nope" })).status).toBe(401);
    expect((await api("/repos/acme/web", { token: "ghp_api_only" })).json().message).toBe("Not Found");
    expect((await api("/repos/acme/api", { token: "ghp_api_only" })).status).toBe(200);
    expect((await api("/repos/acme/nope")).status).toBe(404);
    const denied = await api("/repos/acme/web/actions/runs", { token: "ghp_issues_only" });
    expect(denied.status).toBe(403);
    expect(denied.json().message).toBe("Resource not accessible by personal access token");
    expect(denied.headers.get("x-accepted-github-permissions")).toBe("actions=read");
    expect(denied.headers.get("x-oauth-scopes")).toBeNull();
    const write = await api("/repos/acme/web/issues", { token: "ghp_issues_only", method: "POST", body: { title: "x" } });
    expect(write.status).toBe(403);
    expect(write.headers.get("x-accepted-github-permissions")).toBe("issues=write");
    const unknown = await api("/nope");
    expect(unknown.json()).toMatchObject({ message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    for (const h of ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-used", "x-github-request-id"]) expect(unknown.headers.get(h)).toBeTruthy();
    expect(unknown.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("injects a secondary rate limit once, then answers normally", async () => {
    const body = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" };
    gh.failNext({ method: "GET", path: /\/actions\/runs$/, status: 403, headers: { "retry-after": "1" }, body });
    const limited = await api("/repos/acme/web/actions/runs?per_page=1");
    expect(limited.status).toBe(403);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.json()).toEqual(body);
    expect((await api("/repos/acme/web/actions/runs?per_page=1")).status).toBe(200);
  });

  it("enforces the primary rate limit at 0 remaining (GET /rate_limit stays free)", async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    gh.setRateLimit({ remaining: 2, resetEpochSeconds: reset });
    const a = await api("/repos/acme/web");
    expect(a.headers.get("x-ratelimit-remaining")).toBe("1");
    expect((await api("/repos/acme/web")).status).toBe(200);
    const over = await api("/repos/acme/web");
    expect(over.status).toBe(403);
    expect(over.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(over.headers.get("x-ratelimit-reset")).toBe(String(reset));
    expect(over.json().message).toMatch(/^API rate limit exceeded for user ID \d+\./);
    const overview = (await api("/rate_limit")).json();
    expect(overview.resources.core).toMatchObject({ remaining: 0, limit: 5000, reset });
    gh.setRateLimit({ remaining: 5000 });
    expect((await api("/repos/acme/web")).status).toBe(200);
  });
});

describe("GitHub App", () => {
  it("mints an installation token from a real JWT (@octokit/auth-app) and uses it until it expires", async () => {
    const auth = createAppAuth({ appId: gh.app.appId, privateKey: gh.app.privateKeyPem, request: request.defaults({ baseUrl: gh.apiUrl }) });
    const app = await auth({ type: "app" });
    const appReq = request.defaults({ baseUrl: gh.apiUrl, headers: { authorization: `bearer ${app.token}` } });
    expect((await appReq("GET /app")).data).toMatchObject({ id: gh.app.appId, slug: "omniaudit-test" });
    const inst = await appReq("GET /repos/{owner}/{repo}/installation", { owner: "acme", repo: "web" });
    expect(inst.data.id).toBe(gh.app.installations.acme);
    const minted = await auth({ type: "installation", installationId: inst.data.id });
    expect(minted.token).toMatch(/^ghs_/);
    const runs = await request("GET /repos/{owner}/{repo}/actions/runs", { baseUrl: gh.apiUrl, owner: "acme", repo: "web", per_page: 1, headers: { authorization: `token ${minted.token}` } });
    expect(runs.data.total_count).toBe(70);
    expect((await api("/user", { token: minted.token })).json().message).toBe("Resource not accessible by integration");
    gh.state.tokens.get(minted.token)!.expiresAt = Date.now() - 1;
    expect((await api("/repos/acme/web", { token: minted.token })).status).toBe(401);
    expect((await api("/app", { token: "ghp_all" })).status).toBe(401);
  });

  it("refuses forged and badly timed JWTs", async () => {
    const jwt = (payload: object, key: string) => {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const data = `${enc({ alg: "RS256", typ: "JWT" })}.${enc(payload)}`;
      return `${data}.${sign("RSA-SHA256", Buffer.from(data), key).toString("base64url")}`;
    };
    const now = Math.floor(Date.now() / 1000);
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const forged = await api("/app", { token: jwt({ iss: gh.app.appId, iat: now - 30, exp: now + 500 }, other) });
    expect(forged.status).toBe(401);
    expect(forged.json().message).toBe("A JSON web token could not be decoded");
    const good = { iss: String(gh.app.appId), iat: now - 30, exp: now + 500 };
    expect((await api("/app", { token: jwt(good, gh.app.privateKeyPem) })).status).toBe(200);
    expect((await api("/app", { token: jwt({ ...good, exp: now + 3600 }, gh.app.privateKeyPem) })).json().message).toMatch(/too far in the future/);
    expect((await api("/app", { token: jwt({ ...good, iat: now - 900, exp: now - 300 }, gh.app.privateKeyPem) })).status).toBe(401);
    expect((await api("/app", { token: jwt({ ...good, iss: 1 }, gh.app.privateKeyPem) })).status).toBe(401);
  });
});

describe("issues", () => {
  it("creates, validates, comments, updates and searches issues", async () => {
    const created = await api("/repos/acme/web/issues", { method: "POST", body: { title: "CI: login test fails", body: "marker:fp-123abc\n\nsee run", labels: ["ci"] } });
    expect(created.status).toBe(201);
    const issue = created.json();
    expect(issue).toMatchObject({ number: 43, state: "open", user: { login: "mona" }, labels: [{ name: "ci" }] });
    const empty = await api("/repos/acme/web/issues", { method: "POST", body: { title: "  " } });
    expect(empty.status).toBe(422);
    expect(empty.json()).toMatchObject({ message: "Validation Failed", errors: [{ resource: "Issue", code: "missing_field", field: "title" }] });
    expect((await api(`/repos/acme/web/issues/${issue.number}/comments`, { method: "POST", body: { body: "again" } })).status).toBe(201);
    expect((await api(`/repos/acme/web/issues/${issue.number}/comments`)).json()).toHaveLength(1);
    const found = (await api(`/search/issues?q=${encodeURIComponent("repo:acme/web is:issue is:open in:body fp-123abc")}`)).json();
    expect(found).toMatchObject({ total_count: 1, incomplete_results: false, items: [{ number: issue.number, comments: 1 }] });
    expect((await api(`/search/issues?q=${encodeURIComponent("repo:acme/secret x")}`)).status).toBe(422);
    const closed = await api(`/repos/acme/web/issues/${issue.number}`, { method: "PATCH", body: { state: "closed", state_reason: "not_planned" } });
    expect(closed.json()).toMatchObject({ state: "closed", state_reason: "not_planned", closed_by: { login: "mona" } });
    expect((await api(`/search/issues?q=${encodeURIComponent("repo:acme/web is:open fp-123abc")}`)).json().total_count).toBe(0);
    const list = (await api("/repos/acme/web/issues?state=all&per_page=100")).json<G[]>();
    expect(list.find((i) => i.number === 42)!.pull_request.url).toBe(`${gh.apiUrl}/repos/acme/web/pulls/42`);
    expect((await api("/repos/acme/web/pulls/42")).json().head).toMatchObject({ sha: seed().prHeadSha, ref: "feature/login" });
  });
});

describe("shapes", () => {
  it("renders only the fields of GitHub's examples", async () => {
    const keys = (o: object) => Object.keys(o).sort();
    const s = seed();
    const run = (await api(`/repos/acme/web/actions/runs/${s.failedRunId}`)).json();
    expect(keys(run)).toEqual(keys(rawFixture("workflow-run")));
    const job = (await api(`/repos/acme/web/actions/jobs/${s.failedJobId}`)).json();
    expect(keys(job)).toEqual([...keys(rawFixture("job")), "created_at", "run_attempt"].sort());
    expect(keys((await api(`/repos/acme/web/actions/artifacts/${s.testResultsArtifactId}`)).json())).toEqual(keys(rawFixture("artifact")));
    expect(keys((await api("/repos/acme/web")).json())).toEqual(keys(rawFixture("full-repository")));
    expect(keys((await api("/repos/acme/web/pulls/42")).json())).toEqual(keys(rawFixture("pull-request")));
    expect(keys((await api("/repos/acme/web/issues/40")).json())).toEqual(keys(rawFixture("issue")).filter((k) => k !== "pull_request"));
  });
});
