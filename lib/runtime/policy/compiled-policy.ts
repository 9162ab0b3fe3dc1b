import "server-only";
import picomatch from "picomatch";
import { getEnv, type Env } from "@/lib/env";
import type { UrlPolicy } from "@/lib/net/url-policy";

/** The policy configuration, compiled: glob matchers built once instead of on every call. */
export type CompiledPolicy = {
  /** Whether `owner/repo` matches a `GITHUB_WRITE_ALLOWLIST` glob (case-insensitive). */
  repoWritable(repo: string): boolean;
  /** The SiteLint URL allow/deny policy. */
  urlPolicy: UrlPolicy;
};

// Keyed by the parsed environment object: `getEnv()` parses once at start-up and hands out the same object, so this
// compiles once per process (and again only after tests reset the environment).
const compiled = new WeakMap<Env, CompiledPolicy>();

/**
 * The policy of environment `env` (default: the process's), compiled on first use — at start-up, as the first call
 * needs it — and reused by every later call.
 */
export function compiledPolicy(env: Env = getEnv()): CompiledPolicy {
  let policy = compiled.get(env);
  if (!policy) {
    const matchers = env.GITHUB_WRITE_ALLOWLIST.map((glob) => picomatch(glob, { nocase: true }));
    policy = { repoWritable: (repo) => matchers.some((m) => m(repo)), urlPolicy: env.sitelintUrlPolicy };
    compiled.set(env, policy);
  }
  return policy;
}
