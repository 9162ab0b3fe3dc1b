/** The kinds of record `search` finds and `fetch` reads, each with the id prefix of `newId` (lib/ids.ts). */
export const RECORD_KINDS = { finding: "fnd", scan: "scan", triage: "tri", receipt: "rcpt", job: "job" } as const;
export type RecordKind = keyof typeof RECORD_KINDS;

/** A record's typed id as `search` returns it: `<kind>:<id>`, e.g. `scan:scan_019a…`. */
export type RecordRef = { kind: RecordKind; id: string };

const BY_PREFIX = new Map<string, RecordKind>(Object.entries(RECORD_KINDS).map(([kind, prefix]) => [prefix, kind as RecordKind]));
// Our ids are `<prefix>_<hex>`; records seeded or imported by other means may differ, so accept any plain token.
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** `<kind>:<id>` for {@link RecordRef}. */
export function formatRecordRef({ kind, id }: RecordRef): string {
  return `${kind}:${id}`;
}

/**
 * Read a typed id (`receipt:rcpt_…`) — or a bare id whose prefix names its kind (`rcpt_…`), as other tools return
 * them. Surrounding whitespace is ignored.
 * @returns the kind and id, or null for an unknown kind, an unknown prefix or a malformed id.
 */
export function parseRecordRef(value: string): RecordRef | null {
  const s = value.trim();
  const colon = s.indexOf(":");
  if (colon >= 0) {
    const kind = s.slice(0, colon);
    const id = s.slice(colon + 1);
    return Object.hasOwn(RECORD_KINDS, kind) && ID_RE.test(id) ? { kind: kind as RecordKind, id } : null;
  }
  const underscore = s.indexOf("_");
  const kind = underscore > 0 ? BY_PREFIX.get(s.slice(0, underscore)) : undefined;
  return kind && ID_RE.test(s) ? { kind, id: s } : null;
}
