const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
/** JSON.parse is only attempted up to this size; bigger JSON-looking text is served as JSON on its first byte alone. */
const MAX_JSON_PARSE_BYTES = 8 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, magic: number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/**
 * The media type of an object-store blob, from its bytes (objects are content-addressed and carry no metadata).
 * Recognises PNG and JPEG by magic bytes, then valid UTF-8 as JSON (`{`/`[` that parses) or plain text (no control
 * characters besides tab, newline, CR, form feed). HTML is deliberately never detected: it is served as text so a
 * stored page can't run script on the console's origin.
 *
 * With `o.truncated` the bytes are only the beginning of a larger object (a streamed one): a multi-byte character cut
 * at the end is not invalid UTF-8, and JSON-looking text is taken for JSON without parsing.
 * @returns e.g. `image/png`, `application/json; charset=utf-8`; `application/octet-stream` when unsure (also empty input).
 */
export function sniffContentType(bytes: Uint8Array, o: { truncated?: boolean } = {}): string {
  if (startsWith(bytes, PNG)) return "image/png";
  if (startsWith(bytes, JPEG)) return "image/jpeg";
  if (bytes.length === 0) return "application/octet-stream";
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes, { stream: !!o.truncated });
  } catch {
    return "application/octet-stream";
  }
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return "application/octet-stream";
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    if (o.truncated || bytes.length > MAX_JSON_PARSE_BYTES) return "application/json; charset=utf-8";
    try {
      JSON.parse(text);
      return "application/json; charset=utf-8";
    } catch {
      // Looks like JSON but isn't: plain text.
    }
  }
  return "text/plain; charset=utf-8";
}
