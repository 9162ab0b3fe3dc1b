import { isVerifiable, type ParsedChecksumFile } from "./checksum-types";
import type { ChecksumSourceView } from "./schemas";

/** The {@link ChecksumSourceView} of a parsed checksum file `name` (`dropped`: entries naming the file itself). Pure. */
export function describeChecksumSource(name: string, parsed: ParsedChecksumFile, dropped = 0): ChecksumSourceView {
  const usable = parsed.entries.filter((e) => isVerifiable(e.algorithm));
  const algos = new Set(usable.map((e) => e.algorithm));
  const weak = parsed.entries.length - usable.length;
  const algorithm = algos.size > 1 ? "mixed" : algos.has("sha256") ? "sha256" : algos.has("sha512") ? "sha512" : weak ? "unsupported" : "empty";
  const notes = [
    weak ? `${weak} MD5/SHA-1 line(s) ignored: weak algorithms are not verified` : null,
    parsed.skippedLines ? `${parsed.skippedLines} line(s) not understood` : null,
    dropped ? `${dropped} line(s) naming the file itself ignored` : null,
    algorithm === "empty" ? "no checksum line understood" : null,
  ].filter(Boolean);
  return { name, algorithm, entries: usable.length, format: parsed.formats.length ? parsed.formats.join(",") : null, skipped_lines: parsed.skippedLines, note: notes.length ? `${notes.join("; ")}.` : null };
}
