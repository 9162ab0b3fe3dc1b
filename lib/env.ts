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
  CONFIRMATION_KEYS: csv,
  CONFIRMATION_TTL_SECONDS: intWithin(600, 30, 86_400),
  /** `operator`: the token works only after an operator approved it; `token`: the token alone suffices. */
  CONFIRMATION_APPROVAL_MODE: z.enum(["operator", "token"]).default("operator"),
  /** Per-tool / per-repo overrides: `sitelint_delete_scan=token,repo:acme/*=operator`. */
  CONFIRMATION_APPROVAL_RULES: csv,

  // ── Policies and rate limits ──
  /** `owner/repo` globs GitHub writes may target (`acme/*`); empty → every GitHub write is refused. */
  GITHUB_WRITE_ALLOWLIST: csv,
  /** `bucket=count/seconds`, comma-separated, e.g. `scan_submissions=20/60,github_writes=10/60`. */
  RATE_LIMITS: z.string().default("scan_submissions=20/60,github_writes=10/60,destructive=10/60"),

  // ── Who is calling ──
  MCP_AUTH_MODE: z.enum(["none", "api_key"]).default("none"),
  /** Extra allowed `Origin`s for the MCP endpoint (the public origin and localhost are always allowed). */
  MCP_ALLOWED_ORIGINS: csv,
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
  SECRETS_KEYS: csv,

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
  const e = parsed.data;
  // turbopackIgnore: a path computed from env must not make the build trace the whole project into the server bundle.
  const dataDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), e.DATA_DIR);
  cached = {
    ...e,
    dataDir,
    objectStoreDir: e.OBJECT_STORE_DIR ? path.resolve(/* turbopackIgnore: true */ process.cwd(), e.OBJECT_STORE_DIR) : path.join(dataDir, "objects"),
    jobBackend: e.INNGEST_EVENT_KEY || e.INNGEST_BASE_URL || e.INNGEST_DEV ? "inngest" : "in-process",
    baseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
  };
  return cached;
}

/** Forget the cached environment (tests change variables between cases). */
export function resetEnvForTests(): void {
  cached = undefined;
}

/**
 * next-auth v4 reads its public URL from `process.env.NEXTAUTH_URL` itself (OAuth redirect_uri, redirects). When only
 * `PUBLIC_BASE_URL` is configured, hand it that origin — otherwise it would assume http://localhost:3000. The one
 * place the app writes to the environment, kept beside the one place it reads it.
 */
export function publishNextAuthUrl(): void {
  const env = getEnv();
  if (!env.NEXTAUTH_URL && env.PUBLIC_BASE_URL) process.env.NEXTAUTH_URL = env.baseUrl;
}
