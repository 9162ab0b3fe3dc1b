import "server-only";
import { sql } from "drizzle-orm";
import { rateLimitBuckets } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

type Hit = { execute(values: { principal: string; bucket: string; windowStart: Date }): Promise<{ count: number }[]> };

// The upsert, built once per database client (drizzle prepared query with placeholders; the driver prepares it
// server-side too).
const hits = new WeakMap<Db, Hit>();
function hitOf(db: Db): Hit {
  let hit = hits.get(db);
  if (!hit) {
    hit = db
      .insert(rateLimitBuckets)
      .values({ principal: sql.placeholder("principal"), bucket: sql.placeholder("bucket"), windowStart: sql.placeholder("windowStart"), count: 1 })
      .onConflictDoUpdate({ target: [rateLimitBuckets.principal, rateLimitBuckets.bucket, rateLimitBuckets.windowStart], set: { count: sql`${rateLimitBuckets.count} + 1` } })
      .returning({ count: rateLimitBuckets.count })
      .prepare("omniaudit_rate_limit_hit") as unknown as Hit;
    hits.set(db, hit);
  }
  return hit;
}

/**
 * Count one call against a principal's bucket (limits from `RATE_LIMITS`, parsed at boot; a bucket without an entry
 * is unlimited and costs no statement) in a fixed window, in the database: one atomic upsert (prepared), so the limit
 * holds across restarts and instances.
 * @throws AppError `RATE_LIMITED` with `retry_after_seconds` once the window's count exceeds the limit.
 */
export async function checkRateLimit(db: Db, principal: string, bucket: string, now = Date.now()): Promise<void> {
  const rule = getEnv().rateLimits[bucket];
  if (!rule) return;
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const [row] = await hitOf(db).execute({ principal, bucket, windowStart });
  if (row!.count > rule.limit) {
    const retry = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000));
    throw new AppError("RATE_LIMITED", `Rate limit for ${bucket} reached (${rule.limit} per ${rule.windowSeconds} s); retry in ${retry} s.`, { bucket, retry_after_seconds: retry });
  }
}
