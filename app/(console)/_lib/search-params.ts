import { isSafeText } from "@/lib/safe-text";

/** A page's awaited `searchParams` prop. */
export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The first value of `key`, trimmed, or undefined when absent, empty, or not safe text (NUL, unpaired surrogates:
 * a filter the database cannot even compare with is no filter).
 */
export function firstParam(sp: SearchParams, key: string): string | undefined {
  const v = sp[key];
  const one = (Array.isArray(v) ? v[0] : v)?.trim();
  return one && isSafeText(one) ? one.slice(0, 200) : undefined;
}

const ID_RE = /^[a-z]{2,6}_[0-9a-f]{28}$/;

/** A console route's `[id]` segment when it has the shape of our ids (`job_…`, `rcpt_…`, `conf_…`), else undefined. */
export function idParam(raw: string): string | undefined {
  return ID_RE.test(raw) ? raw : undefined;
}

/** Every value of `key` that is one of `allowed` (unknown values are ignored, not errors: it's a filter). */
export function enumParams<T extends string>(sp: SearchParams, key: string, allowed: readonly T[]): T[] {
  const v = sp[key];
  const all = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(","));
  return [...new Set(all.map((s) => s.trim()).filter((s): s is T => (allowed as readonly string[]).includes(s)))];
}

/** 1-based `?page=`, clamped to 1..10 000; anything unparsable is page 1. */
export function pageParam(sp: SearchParams): number {
  const n = Number.parseInt(firstParam(sp, "page") ?? "1", 10);
  return Number.isFinite(n) ? Math.min(10_000, Math.max(1, n)) : 1;
}
