import "server-only";
import type { Browser } from "playwright-core";
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import type { GuardOptions } from "@/lib/net/guarded-lookup";
import type { AppliedAuth, StateCookie } from "./apply-auth";
import { secretValuesOf, type AuthPayload } from "./payload";
import { readAuthProfile } from "./read-auth-profile";
import { runLogin } from "./run-login";

export type ScanAuthOptions = {
  db: Db;
  /** `scans.auth_profile_id`; null/undefined → no auth. */
  profileId: string | null | undefined;
  /** The scan's origin: a profile of another origin is never applied. */
  origin: string;
  net: GuardOptions;
  /** Per-step bound of a scripted login, ms (the scan's page timeout). */
  timeoutMs: number;
};

/** Operator cookies as host-only cookies of the origin's host (`domain` = that host, never another). */
function cookieState(origin: string, p: Extract<AuthPayload, { kind: "cookies" }>): StateCookie[] {
  const u = new URL(origin);
  return p.cookies.map((c) => ({
    name: c.name,
    value: c.value,
    domain: u.hostname,
    path: c.path ?? "/",
    expires: -1,
    httpOnly: c.httpOnly ?? false,
    secure: c.secure ?? u.protocol === "https:",
    sameSite: c.sameSite ?? "Lax",
  }));
}

async function resolve(o: ScanAuthOptions, browser: Browser): Promise<AppliedAuth> {
  const unavailable = (message: string): AppliedAuth => ({ origin: o.origin, secrets: [], failure: { code: "AUTH_LOGIN_FAILED", message } });
  let profile: Awaited<ReturnType<typeof readAuthProfile>>;
  try {
    profile = await readAuthProfile(o.db, o.profileId!);
  } catch (e) {
    // Our own messages (a secret that does not decrypt, a payload that no longer validates) carry no secret material.
    if (isAppError(e)) return unavailable(`Auth profile ${o.profileId} cannot be used: ${e.message}`);
    throw e;
  }
  if (!profile) return unavailable(`Auth profile ${o.profileId} no longer exists (deleted after the scan started).`);
  if (profile.origin !== o.origin) return unavailable(`Auth profile "${profile.name}" is for ${profile.origin}, not ${o.origin}.`);
  const { payload } = profile;
  const secrets = secretValuesOf(payload);
  if (payload.kind === "cookies") return { origin: o.origin, secrets, storageState: { cookies: cookieState(o.origin, payload), origins: [] } };
  if (payload.kind === "headers") return { origin: o.origin, secrets, headers: payload.headers };
  const login = await runLogin({ browser, origin: o.origin, payload, net: o.net, timeoutMs: o.timeoutMs, secrets });
  if (!login.ok) return { origin: o.origin, secrets, failure: { code: "AUTH_LOGIN_FAILED", message: `Auth profile "${profile.name}": ${login.message}` } };
  // The session the login obtained is as secret as the password.
  const captured = [...login.state.cookies.map((c) => c.value), ...login.state.origins.flatMap((x) => x.localStorage.map((l) => l.value))];
  return { origin: o.origin, secrets: [...new Set([...secrets, ...captured])], storageState: login.state };
}

/**
 * The auth of one scan run, resolved at most once and only when a page is actually audited (a resumed job whose pages
 * are all replayed never decrypts or logs in): decrypt the profile, then — `cookies`: host-only cookies on the
 * origin's host; `headers`: the headers for origin-only routing; `login`: run the login once in a fresh context
 * ({@link runLogin}) and keep its storage state. Never memoized in a job step (it holds secrets).
 * @returns a function to call with the browser of the first page audit; it resolves to undefined without a profile,
 *   to an {@link AppliedAuth} with `failure` (`AUTH_LOGIN_FAILED`, naming the failed step, or why the profile is
 *   unusable) when it cannot be applied — every page then fails with that error.
 * @throws (from the returned function) database errors other than the profile's own.
 */
export function createScanAuth(o: ScanAuthOptions): (browser: Browser) => Promise<AppliedAuth | undefined> {
  if (!o.profileId) return async () => undefined;
  let pending: Promise<AppliedAuth> | undefined;
  return (browser) => {
    pending ??= resolve(o, browser).catch((e) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}
