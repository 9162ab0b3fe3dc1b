import type { Readable } from "node:stream";

/** Longest line kept, UTF-16 code units; the rest of a longer line is skipped (and counted), never buffered. */
export const MAX_LINE_CHARS = 65_536;

/** One line of a log: its text without the line break (LF or CRLF), and how many characters past the cap were skipped. */
export type LogTextLine = { text: string; skipped: number };

/**
 * The lines of a byte stream, decoded as UTF-8 (a leading BOM dropped, invalid bytes → U+FFFD), split at LF with a
 * trailing CR removed; the last line may lack a line break. Memory stays bounded by one line of `maxChars` plus one
 * chunk, whatever the stream holds — a 50 MB log without any line break is one line of `maxChars` and a skip count.
 */
export async function* readLogLines(stream: Readable, maxChars = MAX_LINE_CHARS): AsyncIterable<LogTextLine> {
  const decoder = new TextDecoder("utf-8");
  let buf = "";
  let skipped = 0;
  const take = (text: string, from: number, to: number) => {
    const room = maxChars - buf.length;
    if (to - from > room) {
      if (room > 0) buf += text.slice(from, from + room);
      skipped += to - from - Math.max(room, 0);
    } else buf += text.slice(from, to);
  };
  const line = (): LogTextLine => {
    const out = { text: buf.endsWith("\r") ? buf.slice(0, -1) : buf, skipped };
    buf = "";
    skipped = 0;
    return out;
  };
  const lines = function* (text: string) {
    let pos = 0;
    while (pos < text.length) {
      const nl = text.indexOf("\n", pos);
      take(text, pos, nl < 0 ? text.length : nl);
      if (nl < 0) return;
      yield line();
      pos = nl + 1;
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    yield* lines(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
  }
  yield* lines(decoder.decode());
  if (buf !== "" || skipped > 0) yield line();
}
