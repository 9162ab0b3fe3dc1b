import { createPrivateKey } from "node:crypto";
import path from "node:path";
import { z } from "zod";

/**
 * The only reader of `process.env` (DESIGN.md §8 rule 6). Every variable is zod-validated and every default is the
 * embedded mode: PGlite under `./.data/pglite`, local object store under `./.data/objects`, in-process jobs.
 */
const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");
const intWithin = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
// The same rules as lib/object-store/object-ref.ts (this leaf may not import it); object-ref.test.ts checks they agree.
const S3_BUCKET = /^(?!\d{1,3}(?:\.\d{1,3}){3}$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const OBJECT_PREFIX = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,62}(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,62}){0,7}$/;

/**
 * A comma-separated list whose every entry must parse: `parse` returns the value or a string saying what is wrong
 * with that entry. The issue names the entry and the accepted form, so a typo stops start-up instead of being ignored.
 */
function entries<T>(form: string, parse: (entry: string) => T | string, def = "") {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const out: T[] = [];
      for (const entry of (v ?? def).split(",").map((s) => s.trim()).filter(Boolean)) {
        const r = parse(entry);
        if (typeof r === "string") {
          ctx.addIssue({ code: "custom", message: `entry "${entry.slice(0, 80)}": ${r}; accepted form: ${form}` });
          return z.NEVER;
        }
        out.push(r);
      }
      return out;
    });
}

/** `RATE_LIMITS` entry: a bucket's limit of `limit` calls per fixed window of `windowSeconds`. */
export type RateLimitRule = { bucket: string; limit: number; windowSeconds: number };
const rateLimitEntry = (e: string): RateLimitRule | string => {
  const m = /^([a-z0-9_]{1,64})=(\d{1,9})\/(\d{1,9})$/.exec(e);
  if (!m) return "not bucket=count/seconds";
  if (Number(m[3]) < 1) return "the window must be at least 1 second";
  return { bucket: m[1]!, limit: Number(m[2]), windowSeconds: Number(m[3]) };
};

/** `CONFIRMATION_KEYS` entry: an HMAC key id and secret (UTF-8, ≥ 32 characters). */
export type ConfirmationKey = { kid: string; secret: string };
const confirmationKeyEntry = (e: string): ConfirmationKey | string => {
  const i = e.indexOf(":");
  const kid = e.slice(0, i);
  if (i < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(kid)) return "the key id must be 1-32 of [A-Za-z0-9_-] followed by ':'";
  if (e.length - i - 1 < 32) return `the secret for key id ${kid} must be at least 32 characters`;
  return { kid, secret: e.slice(i + 1) };
};

/** `CONFIRMATION_APPROVAL_RULES` entry: per tool (`sitelint_delete_scan`, dotted alias accepted) or per repo glob. */
export type ApprovalRule = { kind: "tool"; tool: string; mode: ApprovalModeName } | { kind: "repo"; glob: string; mode: ApprovalModeName };
/** The approval modes of a gated call (lib/runtime/confirmations/approval-mode.ts). */
export type ApprovalModeName = "operator" | "token" | "elicitation";
const APPROVAL_MODES: readonly string[] = ["operator", "token", "elicitation"];
const approvalRuleEntry = (e: string): ApprovalRule | string => {
  const [lhs = "", mode = "", ...rest] = e.split("=").map((s) => s.trim());
  if (rest.length || !lhs) return "expected exactly one '='";
  if (!APPROVAL_MODES.includes(mode)) return `the mode must be operator, token or elicitation, not "${mode.slice(0, 20)}"`;
  const m = mode as ApprovalModeName;
  if (lhs.startsWith("repo:")) return lhs.length > 5 ? { kind: "repo", glob: lhs.slice(5), mode: m } : "the repo glob is empty";
  if (!/^[a-z0-9]+[._][a-z0-9_]{1,55}$/.test(lhs)) return `"${lhs.slice(0, 40)}" is not a tool name (module_verb)`;
  return { kind: "tool", tool: lhs.replace(".", "_"), mode: m };
};

/** `SECRETS_KEYS` entry: an AES-256 key (32 bytes) and its version (≥ 1). */
export type SecretKey = { version: number; key: Buffer };
const secretKeyEntry = (e: string): SecretKey | string => {
  const m = /^(\d{1,9}):([A-Za-z0-9+/]+={0,2})$/.exec(e);
  if (!m || Number(m[1]) < 1) return "expected <version ≥ 1>:<base64>";
  const key = Buffer.from(m[2]!, "base64");
  return key.length === 32 ? { version: Number(m[1]), key } : `the key must be 32 bytes, not ${key.length}`;
};

/** An origin (`https://host[:port]`) for `MCP_ALLOWED_ORIGINS`. */
const originEntry = (e: string): string | { origin: string } => {
  try {
    const u = new URL(e);
    return (u.protocol === "http:" || u.protocol === "https:") && u.origin === e.replace(/\/$/, "") ? { origin: u.origin } : "not a bare http(s) origin";
  } catch {
    return "not a URL";
  }
};

/** A `Host` header value (`host` or `host:port`, IPv6 in brackets) for `ALLOWED_HOSTS`, or `*`. */
const hostEntry = (e: string): string | { host: string } =>
  e === "*" || /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(e) ? { host: e.toLowerCase() } : "not a host or host:port";

/** An OAuth scope token for `MCP_OAUTH_SCOPES` (RFC 6749 §3.3: printable ASCII except space, `"` and `\`). */
const scopeEntry = (e: string): string | { scope: string } => (/^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/.test(e) ? { scope: e } : "not an OAuth scope token (printable ASCII without spaces, quotes or backslashes)");

/**
 * `MCP_OAUTH_ISSUER`: an issuer identifier (RFC 8414 §2) — https, no query or fragment; plain http only on localhost
 * and 127.0.0.1 (local tests; the MCP SDK's own issuer rule). Kept exactly as written: tokens' `iss` must equal it.
 */
const httpsOrLocal = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === "https:" || ["localhost", "127.0.0.1"].includes(u.hostname);
  } catch {
    return false;
  }
};
const issuerUrl = z
  .url({ protocol: /^https?$/, error: "must be the authorization server's issuer URL" })
  .refine((v) => !/[?#]/.test(v), "an issuer identifier has no query or fragment (RFC 8414 §2)")
  .refine(httpsOrLocal, "must be https (plain http only on localhost or 127.0.0.1)");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: intWithin(3000, 1, 65535),
  /** Public origin used in links handed to clients (approve URLs, console links). Defaults to http://localhost:PORT. */
  PUBLIC_BASE_URL: z.url().optional(),
  /** PostgreSQL connection string; unset → embedded PGlite. */
  DATABASE_URL: z.string().min(1).optional(),
  /** Embedded PGlite only: let V8 optimise PGlite's hot WebAssembly with TurboFan (faster CPU-bound queries, ≈ 50 MiB
   * more memory). Default off: baseline (Liftoff) code only. */
  PGLITE_WASM_OPTIMIZE: bool,
  DATA_DIR: z.string().default(".data"),

  // ── Object store (docs/object-storage.md) ──
  /** `local` (files under OBJECT_STORE_DIR) or `s3` (writes to OBJECT_STORE_BUCKET, reads S3 and local refs). */
  OBJECT_STORE_BACKEND: z.enum(["local", "s3"]).optional(),
  /** The old name of OBJECT_STORE_BACKEND, still accepted. */
  OBJECT_STORE: z.enum(["local", "s3"]).optional(),
  /** Root of the local store; in `s3` mode the legacy `sha256/<hex>` refs are still read from here. */
  OBJECT_STORE_DIR: z.string().optional(),
  OBJECT_STORE_BUCKET: z.string().regex(S3_BUCKET, "not an S3 bucket name (3-63 of a-z 0-9 . -, alphanumeric at both ends)").optional(),
  /** Key prefix inside the bucket (`omniaudit/prod`); leading and trailing slashes are dropped. */
  OBJECT_STORE_PREFIX: z
    .string()
    .optional()
    .transform((v) => (v ?? "").replace(/^\/+|\/+$/g, ""))
    .refine((v) => v === "" || OBJECT_PREFIX.test(v), "up to 8 segments of A-Z a-z 0-9 . _ - (not starting with a dot), joined by /"),
  /** > 0: the object route redirects S3 objects to a presigned GET valid this many seconds instead of streaming. */
  OBJECT_STORE_PRESIGN_SECONDS: intWithin(0, 0, 3600),
  /** S3-compatible endpoint (`http://127.0.0.1:7480`, MinIO, R2…); unset → AWS S3 for S3_REGION. */
  S3_ENDPOINT_URL: z.url().optional(),
  /** Path-style URLs (`endpoint/bucket/key`), needed by most self-hosted servers. */
  S3_FORCE_PATH_STYLE: bool,
  S3_REGION: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not a region name").default("us-east-1"),
  /** Static credentials; both unset → the AWS SDK's default credential chain (AWS_* env, profile, instance role). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `when_required` (default): no CRC32 checksums/aws-chunked trailers unless an operation requires them — works
   * with every S3-compatible server; `when_supported`: the SDK's default (AWS S3 and servers with flexible checksums). */
  S3_CHECKSUMS: z.enum(["when_required", "when_supported"]).default("when_required"),
  /** Attempts per S3 request (first try + retries with backoff on 5xx, SlowDown, throttling, connection resets). */
  S3_MAX_ATTEMPTS: intWithin(4, 1, 10),

  CHROMIUM_PATH: z.string().optional(),
  /** A remote Chromium's DevTools endpoint (`ws://host:9222/devtools/browser/<id>`, or `http://host:9222`): SiteLint
   * connects to it over CDP instead of launching Chromium. Refused unless CHROMIUM_WS_SHARED_LOOPBACK=true. */
  CHROMIUM_WS_ENDPOINT: z.url({ protocol: /^(wss?|https?)$/, error: "must be a ws://, wss://, http:// or https:// URL" }).optional(),
  /** `true` states that the remote browser shares this server's loopback (same host, pod or network namespace), so it
   * reaches the per-context policy proxy SiteLint starts on 127.0.0.1 (checked on connect). */
  CHROMIUM_WS_SHARED_LOOPBACK: bool,
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_BASE_URL: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
  JOB_LEASE_MS: intWithin(30_000, 2_000, 3_600_000),
  SITELINT_URL_ALLOWLIST: csv,
  SITELINT_URL_DENYLIST: csv,
  SITELINT_PAGE_TIMEOUT_MS: intWithin(30_000, 1_000, 300_000),
  SITELINT_CONCURRENCY: intWithin(2, 1, 8),
  SITELINT_MAX_LINK_CHECKS: intWithin(200, 0, 5_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["json", "plain"]).default("json"),

  // ── Write gate (confirmation tokens) ──
  /** `kid:secret` pairs, comma-separated; the first signs, the others still verify (key rotation). Secrets ≥ 32 chars.
   * Unset → one key generated and kept in `$DATA_DIR/keys/` (single-instance setups only). */
  CONFIRMATION_KEYS: entries("kid:secret,… (secret ≥ 32 characters)", confirmationKeyEntry),
  CONFIRMATION_TTL_SECONDS: intWithin(600, 30, 86_400),
  /** `operator`: the token works only after an operator approved it; `token`: the token alone suffices;
   * `elicitation`: the user approves in the chat (MCP form elicitation / `input_required`) during the call itself —
   * clients that cannot ask get `CONFIRMATION_ELICITATION_FALLBACK` (docs/approval.md). */
  CONFIRMATION_APPROVAL_MODE: z.enum(["operator", "token", "elicitation"]).default("operator"),
  /** Per-tool / per-repo overrides: `sitelint_delete_scan=token,repo:acme/*=operator`. */
  CONFIRMATION_APPROVAL_RULES: entries("<tool>=operator|token|elicitation or repo:<owner/repo glob>=operator|token|elicitation, comma-separated", approvalRuleEntry),
  /** The mode used instead of `elicitation` when the client cannot ask its user (no elicitation capability). */
  CONFIRMATION_ELICITATION_FALLBACK: z.enum(["operator", "token"]).default("operator"),

  // ── Policies and rate limits ──
  /** `owner/repo` globs GitHub writes may target (`acme/*`); empty → every GitHub write is refused. */
  GITHUB_WRITE_ALLOWLIST: csv,
  /** `bucket=count/seconds`, comma-separated, e.g. `scan_submissions=20/60,github_writes=10/60`. */
  RATE_LIMITS: entries("bucket=count/seconds,… (e.g. scan_submissions=20/60)", rateLimitEntry, "scan_submissions=20/60,github_writes=10/60,destructive=10/60"),

  // ── Who is calling ──
  /** `none` (principal `anonymous`), `api_key` (console-issued keys) or `oauth` (JWT access tokens from
   * MCP_OAUTH_ISSUER; docs/oauth.md). */
  MCP_AUTH_MODE: z.enum(["none", "api_key", "oauth"]).default("none"),
  /** `oauth`: the authorization server's issuer identifier, exactly as its metadata states it (tokens' `iss`). Its
   * RFC 8414 / OpenID Connect metadata names the JWKS the tokens are verified with. Required in `oauth` mode. */
  MCP_OAUTH_ISSUER: issuerUrl.optional(),
  /** `oauth`: the audience (RFC 8707 resource indicator) a token's `aud` must contain, advertised as `resource` in the
   * protected-resource metadata. Default: the public MCP URL, `<PUBLIC_BASE_URL>/mcp`. */
  MCP_OAUTH_AUDIENCE: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL (the MCP endpoint's URL)" })
    .refine((v) => !v.includes("#"), "a resource indicator has no fragment (RFC 8707 §2)")
    .optional(),
  /** `oauth`: scopes every token must carry (all of them), comma-separated; advertised as `scopes_supported` and in
   * challenges. Unset → `omniaudit:mcp`; set to an empty value → no scope required (audience and signature only). */
  MCP_OAUTH_SCOPES: entries("scope,… (OAuth scope tokens, e.g. omniaudit:mcp)", scopeEntry, "omniaudit:mcp"),
  /** Hosts the issuer's metadata and JWKS fetches may reach besides public addresses (an authorization server on a
   * private network, tests on 127.0.0.1); set, it is the only list allowed. Same syntax as SITELINT_URL_ALLOWLIST. */
  MCP_OAUTH_URL_ALLOWLIST: csv,
  /** Extra allowed `Origin`s for the MCP endpoint (the public origin and localhost are always allowed). */
  MCP_ALLOWED_ORIGINS: entries("https://host[:port],…", originEntry),
  /** Largest request body the MCP endpoint reads, bytes; larger bodies get 413 before anything is parsed. */
  MCP_MAX_BODY_BYTES: intWithin(4 * 1024 * 1024, 1024, 256 * 1024 * 1024),
  /** The modules whose tools MCP clients see and may call (`sitelint,auditlens,releasebutler`); `core` is always on.
   * Empty → every module. Fewer tools, less context spent on `tools/list` in every conversation. */
  MCP_TOOLSETS: entries("module,… of core, sitelint, auditlens, releasebutler", (e) => (["core", "sitelint", "auditlens", "releasebutler"].includes(e) ? { module: e } : `unknown toolset "${e.slice(0, 30)}"`)),
  /** `true` hides (and refuses) every tool that changes state: a read-only connector. */
  MCP_READ_ONLY: bool,
  /** Extra `Host` header values every route accepts besides the public origin's host and loopback names (DNS
   * rebinding protection); `*` turns the check off (only behind a proxy that checks `Host` itself). */
  ALLOWED_HOSTS: entries("host[:port],… or *", hostEntry),
  /** next-auth session secret; unset → generated and kept in `$DATA_DIR/keys/`. */
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.url().optional(),
  OPERATOR_USERNAME: z.string().min(1).default("admin"),
  /** Operator password for the credentials sign-in; or `OPERATOR_PASSWORD_HASH` (`scrypt:<salt b64>:<hash b64>`).
   * Neither set → a random password is generated on first start and written to `$DATA_DIR/initial-operator-password`. */
  OPERATOR_PASSWORD: z.string().min(8).optional(),
  OPERATOR_PASSWORD_HASH: z.string().startsWith("scrypt:").optional(),
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  /** GitHub logins allowed to sign in as operators (GitHub OAuth). */
  OPERATOR_GITHUB_LOGINS: csv,
  /** `version:base64key` pairs (32-byte AES-256 keys); the highest version encrypts. Unset → generated in `$DATA_DIR/keys/`. */
  SECRETS_KEYS: entries("<version ≥ 1>:<base64 of 32 bytes>,…", secretKeyEntry),

  // ── GitHub (AuditLens, Release Butler) ──
  /** REST API base URL: `https://api.github.com`, or `https://<host>/api/v3` for GitHub Enterprise Server. */
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  /** A fine-grained (or classic) personal access token. A GitHub App, when configured, is used instead. */
  GITHUB_TOKEN: z.string().min(1).optional(),
  /** GitHub App id and private key (PEM; `\n` escapes accepted) — installations are resolved per repository owner. */
  GITHUB_APP_ID: z.string().regex(/^\d{1,12}$/, "must be the numeric App id").optional(),
  GITHUB_APP_PRIVATE_KEY: z.string().min(1).optional(),
  /** Pin one installation instead of resolving it per owner. */
  GITHUB_APP_INSTALLATION_ID: z.string().regex(/^\d{1,12}$/, "must be a numeric installation id").optional(),
  /** Hosts log and artifact downloads may reach besides public addresses (GHES blob storage on a private network);
   * set, it is the only list allowed. Same syntax as SITELINT_URL_ALLOWLIST. The API host itself is always allowed. */
  GITHUB_URL_ALLOWLIST: csv,
  /** Longest wait for a GitHub rate limit inside one call, seconds; a longer limit is `RATE_LIMITED` at once. */
  GITHUB_RATE_LIMIT_MAX_WAIT_SECONDS: intWithin(30, 0, 3600),
  /** AuditLens artifact limits (bytes / count): archive size, total uncompressed size, entries. */
  AUDITLENS_ARTIFACT_MAX_BYTES: intWithin(512 * 1024 * 1024, 1024, 8 * 1024 * 1024 * 1024),
  AUDITLENS_ARTIFACT_MAX_UNCOMPRESSED_BYTES: intWithin(1024 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
  AUDITLENS_ARTIFACT_MAX_ENTRIES: intWithin(10_000, 1, 1_000_000),
  /** The only directory Release Butler uploads release assets from (`assets[]` paths resolve inside it; `..` and
   * symlinks leading out are refused). Relative to the working directory; default `$DATA_DIR/release-assets`. */
  RELEASE_ASSET_ROOT: z.string().min(1).optional(),
  /** Largest release asset Release Butler uploads, bytes (GitHub's limit is 2 GiB per file). */
  RELEASE_ASSET_MAX_BYTES: intWithin(2 * 1024 * 1024 * 1024, 1, 2 * 1024 * 1024 * 1024),

  // ── Telemetry ──
  PROMETHEUS_ENABLED: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  OTEL_ENABLED: bool,
  OTEL_SERVICE_NAME: z.string().default("omniaudit"),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});

/** Where and how S3 objects are stored (`OBJECT_STORE_BACKEND=s3`); `prefix` is `""` or `a/b` without slashes at the ends. */
export type S3Settings = {
  bucket: string;
  prefix: string;
  endpoint?: string;
  forcePathStyle: boolean;
  region: string;
  /** Static keys; undefined → the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  checksums: "when_required" | "when_supported";
  maxAttempts: number;
};

export type Env = z.infer<typeof EnvSchema> & {
  /** Absolute data directory. */
  dataDir: string;
  /** Absolute directory of the local object store (in `s3` mode: where legacy refs are read). */
  objectStoreDir: string;
  /** `OBJECT_STORE_BACKEND` (or its alias `OBJECT_STORE`), default `local`. */
  objectStoreBackend: "local" | "s3";
  /** The S3 settings, set exactly when `objectStoreBackend` is `s3`. */
  s3?: S3Settings;
  /** Where jobs run: a real Inngest server, or in-process with the embedded step runner. */
  jobBackend: "inngest" | "in-process";
  /** Public base URL without trailing slash. */
  baseUrl: string;
  /** `RATE_LIMITS` by bucket. */
  rateLimits: Record<string, RateLimitRule>;
  /** `GITHUB_APP_PRIVATE_KEY` with `\n` escapes turned into newlines (validated as a PEM private key). */
  githubAppPrivateKey?: string;
  /** `GITHUB_API_URL` without a trailing slash. */
  githubApiUrl: string;
  /** Absolute `RELEASE_ASSET_ROOT`. */
  releaseAssetRoot: string;
  /** The URL policy for SiteLint crawls (`SITELINT_URL_ALLOWLIST` / `SITELINT_URL_DENYLIST`). */
  sitelintUrlPolicy: { allowlist: string[]; denylist: string[]; allowlistName: string; denylistName: string };
  /** `MCP_AUTH_MODE=oauth` settings, set exactly in that mode (lib/auth/oauth). */
  mcpOAuth?: McpOAuthSettings;
};

/** The OAuth resource-server settings: issuer, audience (default `<baseUrl>/mcp`), required scopes, fetch policy. */
export type McpOAuthSettings = {
  issuer: string;
  audience: string;
  scopes: string[];
  urlPolicy: { allowlist: string[]; denylist: string[]; allowlistName: string; denylistName: string };
};

let cached: Env | undefined;

/**
 * The S3 settings when the backend is `s3`, else undefined.
 * @throws Error naming the variables when OBJECT_STORE and OBJECT_STORE_BACKEND disagree, when `s3` lacks
 *   OBJECT_STORE_BUCKET, or when only one of the two S3 keys is set.
 */
function s3Settings(e: z.infer<typeof EnvSchema>): S3Settings | undefined {
  if (e.OBJECT_STORE_BACKEND && e.OBJECT_STORE && e.OBJECT_STORE_BACKEND !== e.OBJECT_STORE) {
    throw new Error(`Invalid environment: OBJECT_STORE_BACKEND=${e.OBJECT_STORE_BACKEND} and OBJECT_STORE=${e.OBJECT_STORE} disagree (OBJECT_STORE is the old name): set one`);
  }
  if ((e.OBJECT_STORE_BACKEND ?? e.OBJECT_STORE ?? "local") === "local") return undefined;
  const named = e.OBJECT_STORE_BACKEND ? "OBJECT_STORE_BACKEND" : "OBJECT_STORE";
  if (!e.OBJECT_STORE_BUCKET) throw new Error(`Invalid environment: ${named}=s3 needs OBJECT_STORE_BUCKET (the bucket objects are written to)`);
  if (!!e.S3_ACCESS_KEY_ID !== !!e.S3_SECRET_ACCESS_KEY) {
    throw new Error("Invalid environment: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither for the AWS SDK's default credential chain");
  }
  return {
    bucket: e.OBJECT_STORE_BUCKET,
    prefix: e.OBJECT_STORE_PREFIX,
    endpoint: e.S3_ENDPOINT_URL,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    region: e.S3_REGION,
    credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
    checksums: e.S3_CHECKSUMS,
    maxAttempts: e.S3_MAX_ATTEMPTS,
  };
}

/**
 * Parse and cache the environment.
 * @throws Error naming every invalid variable (the process should not start with a bad configuration).
 */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${detail}`);
  }
  const versions = parsed.data.SECRETS_KEYS.map((k) => k.version);
  if (new Set(versions).size !== versions.length) throw new Error("Invalid environment: SECRETS_KEYS: each key version may appear once");
  const kids = parsed.data.CONFIRMATION_KEYS.map((k) => k.kid);
  if (new Set(kids).size !== kids.length) throw new Error("Invalid environment: CONFIRMATION_KEYS: each key id may appear once");
  if (!!parsed.data.GITHUB_APP_ID !== !!parsed.data.GITHUB_APP_PRIVATE_KEY) {
    throw new Error("Invalid environment: GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY go together: set both (a GitHub App) or neither");
  }
  let githubAppPrivateKey: string | undefined;
  if (parsed.data.GITHUB_APP_PRIVATE_KEY) {
    githubAppPrivateKey = parsed.data.GITHUB_APP_PRIVATE_KEY.replace(/\\n/g, "\n");
    try {
      createPrivateKey(githubAppPrivateKey);
    } catch {
      throw new Error("Invalid environment: GITHUB_APP_PRIVATE_KEY: not a PEM private key (paste the .pem file GitHub generated; \\n escapes are accepted)");
    }
  }
  const e = parsed.data;
  if (e.MCP_AUTH_MODE === "oauth" && !e.MCP_OAUTH_ISSUER) {
    throw new Error("Invalid environment: MCP_AUTH_MODE=oauth needs MCP_OAUTH_ISSUER (the authorization server's issuer URL; docs/oauth.md)");
  }
  const s3 = s3Settings(e);
  // turbopackIgnore: a path computed from env must not make the build trace the whole project into the server bundle.
  const dataDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), e.DATA_DIR);
  const baseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  cached = {
    ...e,
    dataDir,
    objectStoreDir: e.OBJECT_STORE_DIR ? path.resolve(/* turbopackIgnore: true */ process.cwd(), e.OBJECT_STORE_DIR) : path.join(dataDir, "objects"),
    objectStoreBackend: s3 ? "s3" : "local",
    s3,
    jobBackend: e.INNGEST_EVENT_KEY || e.INNGEST_BASE_URL || e.INNGEST_DEV ? "inngest" : "in-process",
    baseUrl,
    rateLimits: Object.fromEntries(e.RATE_LIMITS.map((r) => [r.bucket, r])),
    githubAppPrivateKey,
    githubApiUrl: e.GITHUB_API_URL.replace(/\/+$/, ""),
    releaseAssetRoot: e.RELEASE_ASSET_ROOT ? path.resolve(/* turbopackIgnore: true */ process.cwd(), e.RELEASE_ASSET_ROOT) : path.join(dataDir, "release-assets"),
    sitelintUrlPolicy: { allowlist: e.SITELINT_URL_ALLOWLIST, denylist: e.SITELINT_URL_DENYLIST, allowlistName: "SITELINT_URL_ALLOWLIST", denylistName: "SITELINT_URL_DENYLIST" },
    mcpOAuth:
      e.MCP_AUTH_MODE === "oauth" && e.MCP_OAUTH_ISSUER
        ? {
            issuer: e.MCP_OAUTH_ISSUER,
            audience: e.MCP_OAUTH_AUDIENCE ?? `${baseUrl}/mcp`,
            scopes: e.MCP_OAUTH_SCOPES.map((s) => s.scope),
            urlPolicy: { allowlist: e.MCP_OAUTH_URL_ALLOWLIST, denylist: [], allowlistName: "MCP_OAUTH_URL_ALLOWLIST", denylistName: "(none)" },
          }
        : undefined,
  };
  return cached;
}

/** Forget the cached environment (tests change variables between cases). */
export function resetEnvForTests(): void {
  cached = undefined;
}

/**
 * next-auth v4 reads its public URL from `process.env.NEXTAUTH_URL` itself (OAuth redirect_uri, callback-url cookie,
 * redirects) and assumes http://localhost:3000 without it. Unless `NEXTAUTH_URL` is set, hand it the public base URL
 * (`PUBLIC_BASE_URL`, else http://localhost:$PORT). The one place the app writes to the environment, kept beside the
 * one place it reads it.
 */
export function publishNextAuthUrl(): void {
  const env = getEnv();
  if (!env.NEXTAUTH_URL) process.env.NEXTAUTH_URL = env.baseUrl;
}
