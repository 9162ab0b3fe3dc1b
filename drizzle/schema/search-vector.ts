import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/** The columns a table's search document is built from (its own columns inside `pgTable`, or the table's). */
export type SearchColumns<K extends string> = Record<K, AnyColumn>;

/**
 * The full-text documents of the records `search` finds (lib/modules/core/search). Each table's GIN expression index
 * and the query are built from the same expression, so PostgreSQL matches the query's `@@` to the index: change both
 * together (a new migration) or the index silently stops being used.
 *
 * `simple` configuration: no stemming and no stop words — the text is identifiers, URLs, rule ids and English titles
 * alike, and `simple` is available on every PostgreSQL build (PGlite included).
 */
export function searchVector(...parts: (AnyColumn | SQL)[]): SQL {
  return sql`to_tsvector('simple', ${sql.join(
    parts.map((p) => sql`coalesce(${p}, '')`),
    sql` || ' ' || `,
  )})`;
}

/**
 * A path-like value (URL, file path, rule id, `sitelint/run-scan`) as is, with `/ :` as spaces, and with `/ : .` as
 * spaces: the parser keeps `src/app/main.ts` or `https://example.com/about` as single tokens, so their segments are
 * only found through the split copies (`main.ts`, `about`; then `main`, `example`).
 */
export function pathWords(value: AnyColumn | SQL): SQL {
  return sql`${value} || ' ' || translate(${value}, '/:', '  ') || ' ' || translate(${value}, '/:.', '   ')`;
}
