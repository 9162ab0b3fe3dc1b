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
export type ApprovalRule = { kind: "tool"; tool: string; mode: "operator" | "token" } | { kind: "repo"; glob: string; mode: "operator" | "token" };
const approvalRuleEntry = (e: string): ApprovalRule | string => {
  const [lhs = "", mode = "", ...rest] = e.split("=").map((s) => s.trim());
  if (rest.length || !lhs) return "expected exactly one '='";
  if (mode !== "operator" && mode !== "token") return `the mode must be operator or token, not "${mode.slice(0, 20)}"`;
  if (lhs.startsWith("repo:")) return lhs.length > 5 ? { kind: "repo", glob: lhs.slice(5), mode } : "the repo glob is empty";
  if (!/^[a-z0-9]+[._][a-z0-9_]{1,55}$/.test(lhs)) return `"${lhs.slice(0, 40)}" is not a tool name (module_verb)`;
  return { kind: "tool", tool: lhs.replace(".", "_"), mode };
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

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: intWithin(3000, 1, 65535),
  /** Public origin used in links handed to clients (approve URLs, console links). Defaults to http://localhost:PORT. */
  PUBLIC_BASE_URL: z.url().optional(),
  /** PostgreSQL connection string; unset → embedded PGlite. */
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().default(".data"),
  OBJECT_STORE: z.enum(["local"]).default("local"),
  OBJECT_STORE_DIR: z.string().optional(),
  CHROMIUM_PATH: z.string().optional(),
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
  /** `operator`: the token works only after an operator approved it; `token`: the token alone suffices. */
  CONFIRMATION_APPROVAL_MODE: z.enum(["operator", "token"]).default("operator"),
  /** Per-tool / per-repo overrides: `sitelint_delete_scan=token,repo:acme/*=operator`. */
  CONFIRMATION_APPROVAL_RULES: entries("<tool>=operator|token or repo:<owner/repo glob>=operator|token, comma-separated", approvalRuleEntry),

  // ── Policies and rate limits ──
  /** `owner/repo` globs GitHub writes may target (`acme/*`); empty → every GitHub write is refused. */
  GITHUB_WRITE_ALLOWLIST: csv,
  /** `bucket=count/seconds`, comma-separated, e.g. `scan_submissions=20/60,github_writes=10/60`. */
  RATE_LIMITS: entries("bucket=count/seconds,… (e.g. scan_submissions=20/60)", rateLimitEntry, "scan_submissions=20/60,github_writes=10/60,destructive=10/60"),

  // ── Who is calling ──
  MCP_AUTH_MODE: z.enum(["none", "api_key"]).default("none"),
  /** Extra allowed `Origin`s for the MCP endpoint (the public origin and localhost are always allowed). */
  MCP_ALLOWED_ORIGINS: entries("https://host[:port],…", originEntry),
  /** Largest request body the MCP endpoint reads, bytes; larger bodies get 413 before anything is parsed. */
  MCP_MAX_BODY_BYTES: intWithin(4 * 1024 * 1024, 1024, 256 * 1024 * 1024),
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

export type Env = z.infer<typeof EnvSchema> & {
  /** Absolute data directory. */
  dataDir: string;
  /** Absolute directory of the local object store. */
  objectStoreDir: string;
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
};

let cached: Env | undefined;

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
  // turbopackIgnore: a path computed from env must not make the build trace the whole project into the server bundle.
  const dataDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), e.DATA_DIR);
  cached = {
    ...e,
    dataDir,
    objectStoreDir: e.OBJECT_STORE_DIR ? path.resolve(/* turbopackIgnore: true */ process.cwd(), e.OBJECT_STORE_DIR) : path.join(dataDir, "objects"),
    jobBackend: e.INNGEST_EVENT_KEY || e.INNGEST_BASE_URL || e.INNGEST_DEV ? "inngest" : "in-process",
    baseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    rateLimits: Object.fromEntries(e.RATE_LIMITS.map((r) => [r.bucket, r])),
    githubAppPrivateKey,
    githubApiUrl: e.GITHUB_API_URL.replace(/\/+$/, ""),
    releaseAssetRoot: e.RELEASE_ASSET_ROOT ? path.resolve(/* turbopackIgnore: true */ process.cwd(), e.RELEASE_ASSET_ROOT) : path.join(dataDir, "release-assets"),
    sitelintUrlPolicy: { allowlist: e.SITELINT_URL_ALLOWLIST, denylist: e.SITELINT_URL_DENYLIST, allowlistName: "SITELINT_URL_ALLOWLIST", denylistName: "SITELINT_URL_DENYLIST" },
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
