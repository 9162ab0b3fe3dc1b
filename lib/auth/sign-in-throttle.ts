import "server-only";
import { inArray, sql } from "drizzle-orm";
import { signInThrottle } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { toSafeText } from "@/lib/safe-text";

/**
 * Backoff and lockout for the operator password sign-in (OWASP ASVS 2.2.1: anti-automation). Failures are counted
 * per account and per client address; at the threshold the key is locked for 30 s, doubling with each further
 * failure up to 15 minutes. A locked key refuses even the right password (that is the point: 30 wrong guesses must not
 * be followed by an instant success). Counters expire an hour after the last failure; a success clears both keys.
 */
export const SIGN_IN_LIMITS = {
  /** Consecutive failures for one account before it locks. */
  accountFailures: 5,
  /** Failures from one client address (any account) before it locks. */
  addressFailures: 20,
  baseLockSeconds: 30,
  maxLockSeconds: 15 * 60,
  /** A counter whose last failure is older than this starts again from zero, seconds. */
  windowSeconds: 60 * 60,
} as const;

export type SignInKeys = { account: string; address: string | null };

/** The throttle keys of an attempt: `account:<username>` and `ip:<address>` (safe text, bounded). */
export function signInKeys(username: string, address: string | null): SignInKeys {
  return { account: `account:${toSafeText(username).slice(0, 200)}`, address: address ? `ip:${toSafeText(address).slice(0, 100)}` : null };
}

const keyList = (k: SignInKeys) => [k.account, ...(k.address ? [k.address] : [])];

/**
 * Whether either key is locked now.
 * @returns the seconds until the later lock ends (≥ 1), or null when not locked.
 */
export async function signInLockedFor(db: Db, keys: SignInKeys, now = new Date()): Promise<number | null> {
  const rows = await db.select({ lockedUntil: signInThrottle.lockedUntil }).from(signInThrottle).where(inArray(signInThrottle.key, keyList(keys)));
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  return until > now.getTime() ? Math.max(1, Math.ceil((until - now.getTime()) / 1000)) : null;
}

/**
 * Count one failed attempt against both keys (atomic upserts) and lock a key that reached its threshold.
 * @returns the lock now in force in seconds, or null when neither key is locked.
 */
export async function recordSignInFailure(db: Db, keys: SignInKeys, now = new Date()): Promise<number | null> {
  const L = SIGN_IN_LIMITS;
  for (const [key, threshold] of [[keys.account, L.accountFailures], ...(keys.address ? [[keys.address, L.addressFailures] as const] : [])] as const) {
    // Failures after this one: reset when the last failure left the window. Parameters are cast explicitly (PostgreSQL
    // cannot infer a bare parameter's type inside these expressions) and times passed as ISO-8601 text.
    const at = now.toISOString();
    const next = sql`case when ${signInThrottle.lastFailureAt} < ${at}::timestamptz - make_interval(secs => ${L.windowSeconds}::double precision) then 1 else ${signInThrottle.failures} + 1 end`;
    const lockSeconds = sql`least(${L.maxLockSeconds}::double precision, ${L.baseLockSeconds}::double precision * power(2::double precision, greatest(0, (${next}) - ${threshold}::integer)))`;
    await db
      .insert(signInThrottle)
      .values({ key, failures: 1, lastFailureAt: now, lockedUntil: null })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: next,
          lastFailureAt: now,
          lockedUntil: sql`case when (${next}) >= ${threshold}::integer then ${at}::timestamptz + make_interval(secs => ${lockSeconds}) else ${signInThrottle.lockedUntil} end`,
        },
      });
  }
  return signInLockedFor(db, keys, now);
}

/** A successful sign-in clears both keys' counters and locks. */
export async function recordSignInSuccess(db: Db, keys: SignInKeys): Promise<void> {
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, keyList(keys)));
}

/**
 * The client address of a sign-in request: the right-most `X-Forwarded-For` entry — the one the nearest proxy added
 * (Next.js itself sets the socket address when the header is absent). A client talking to Next.js directly can forge
 * it and evade the per-address counter, never the per-account one.
 */
export function clientAddress(headers: Record<string, string | string[] | undefined> | Headers | undefined): string | null {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  const last = value?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last ? last.replace(/^::ffff:/, "") : null;
}
