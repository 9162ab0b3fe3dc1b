import { HEX_LENGTHS, type ChecksumEntry, type LineFormat, type ListedAlgorithm, type ParsedChecksumFile } from "./checksum-types";

/** BSD tags (`shasum --tag`, `sha256`, `openssl dgst`, `cksum --tag`) → algorithm. */
const BSD_TAGS: Readonly<Record<string, ListedAlgorithm>> = {
  SHA256: "sha256", "SHA-256": "sha256", "SHA2-256": "sha256", SHA512: "sha512", "SHA-512": "sha512", "SHA2-512": "sha512",
  MD5: "md5", SHA1: "sha1", "SHA-1": "sha1",
};
// `\`? TAG (name) = hex — the space before `(` and around `=` are optional (openssl writes `SHA2-256(name)= hex`).
const BSD_RE = /^(\\)?([A-Za-z0-9-]+) ?\((.*)\) ?= ?([0-9A-Fa-f]+)$/;
// GNU coreutils: `\`? hex, one space, then ` ` (text mode) or `*` (binary mode), then the name.
const GNU_RE = /^(\\)?([0-9A-Fa-f]+) ([ *])(.+)$/;
// `sha256 -r` (FreeBSD) and hand-written files: hex, whitespace, name.
const LOOSE_RE = /^([0-9A-Fa-f]+)[ \t]+(.+)$/;
const BARE_RE = /^([0-9A-Fa-f]+)$/;

/** Undo GNU's escaping of a name that starts the line with `\`: `\\` → `\`, `\n` → LF, `\r` → CR. */
export function unescapeGnuName(s: string): string {
  return s.replace(/\\(\\|n|r)/g, (_m, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : "\\"));
}

/** The part of a path after its last `/`, so `./dist/app.tar.gz` matches the asset `app.tar.gz`. */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

type Hit = { hex: string; name: string; format: LineFormat; algorithm?: ListedAlgorithm };

function parseLine(line: string, defaultName: string | undefined): Hit | null {
  let m = BSD_RE.exec(line);
  if (m && BSD_TAGS[m[2]!.toUpperCase()]) return { hex: m[4]!, name: m[1] ? unescapeGnuName(m[3]!) : m[3]!, format: "bsd", algorithm: BSD_TAGS[m[2]!.toUpperCase()] };
  if ((m = GNU_RE.exec(line))) return { hex: m[2]!, name: m[1] ? unescapeGnuName(m[4]!) : m[4]!, format: "gnu" };
  if ((m = LOOSE_RE.exec(line))) return { hex: m[1]!, name: m[2]!, format: "loose" };
  if ((m = BARE_RE.exec(line)) && defaultName) return { hex: m[1]!, name: defaultName, format: "bare" };
  return null;
}

/**
 * Parse a checksum file: GNU coreutils `sha256sum`/`sha512sum` output (`<hex>  name`, binary mode `<hex> *name`,
 * escaped names on lines starting with `\`), BSD tagged lines (`SHA256 (name) = <hex>`, `shasum --tag`, `openssl
 * dgst`), `sha256 -r` style `<hex> name`, and — for a single-file `<asset>.sha256` — a bare hex, which names
 * `defaultName`. GoReleaser's `checksums.txt` is GNU style. The algorithm of a line is its BSD tag, else its hex length
 * (64 → SHA-256, 128 → SHA-512; 32/40 → MD5/SHA-1, listed but never verified). A BOM, CRLF line ends, blank lines and
 * `#` comments are ignored; other lines are counted in `skippedLines`. Entries naming a directory (`…/`) are dropped.
 * Hex is returned lower-case. Pure; never throws.
 */
export function parseChecksumFile(text: string, o: { defaultName?: string } = {}): ParsedChecksumFile {
  const entries: ChecksumEntry[] = [];
  const formats = new Set<LineFormat>();
  let skippedLines = 0;
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, "");
    if (!line.trim() || line.trimStart().startsWith("#")) return;
    const hit = parseLine(line, o.defaultName);
    const algorithm = hit && (hit.algorithm ?? HEX_LENGTHS[hit.hex.length]);
    const basename = hit ? baseName(hit.name) : "";
    if (!hit || !algorithm || HEX_LENGTHS[hit.hex.length] !== algorithm || !basename) return void skippedLines++;
    formats.add(hit.format);
    entries.push({ name: hit.name, basename, hex: hit.hex.toLowerCase(), algorithm, line: i + 1, format: hit.format });
  });
  return { entries, formats: [...formats], skippedLines };
}
