import { AppError } from "@/lib/errors";
import type { ZipRefusalReason } from "./types";

const MAX_NAME_CHARS = 200;

/**
 * An entry name made safe to echo: control, bidi and other format characters become `\uXXXX` and long names are
 * cut, so a crafted name can't forge log lines or spoof what an operator sees.
 */
export function safeEntryName(name: string): string {
  const escaped = name.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return escaped.length > MAX_NAME_CHARS ? `${escaped.slice(0, MAX_NAME_CHARS)}…` : escaped;
}

/** The refusal thrown for an archive: `AppError("VALIDATION_ERROR", message, { reason, entry? })`. */
export function zipRefusal(reason: ZipRefusalReason, message: string, entry?: string): AppError {
  if (entry === undefined) return new AppError("VALIDATION_ERROR", message, { reason });
  const safe = safeEntryName(entry);
  return new AppError("VALIDATION_ERROR", `${message} (entry "${safe}")`, { reason, entry: safe });
}

/**
 * Map an error from yauzl or zlib (never one of ours) to a refusal. yauzl's own name checks (absolute path, `..`
 * segment) fire while it reads the central directory, before we see the entry.
 */
export function refusalFromZipError(e: unknown, entry?: string): AppError {
  const message = e instanceof Error ? e.message : String(e);
  const named = /^(absolute path|invalid relative path|invalid characters in fileName): ([\s\S]*)$/.exec(message);
  if (named) {
    const reason = named[1] === "absolute path" ? "absolute_path" : "path_traversal";
    return zipRefusal(reason, reason === "absolute_path" ? "Archive entry has an absolute path" : "Archive entry escapes the archive root", named[2]);
  }
  if (/encrypt/i.test(message)) return zipRefusal("encrypted", "Archive is encrypted", entry);
  if (/^too many bytes in the stream/.test(message)) {
    return zipRefusal("zip_bomb", "Archive entry inflates past its declared size", entry);
  }
  return zipRefusal("malformed_zip", `Archive is malformed or truncated: ${safeEntryName(message)}`, entry);
}
