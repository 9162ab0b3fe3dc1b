import type { DetectedFormat } from "./types";

const NAME_RE = /^<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?/;

/**
 * The root start tag of an XML document, skipping the prolog (XML 1.0 §2.8: declaration, comments, processing
 * instructions, doctype with an internal subset). `incomplete` when the head ends inside the prolog.
 * @returns `{ prefix, local, tag }` (tag = the start tag text, possibly cut), `"incomplete"`, or undefined (not XML).
 */
function xmlRoot(text: string): { prefix?: string; local: string; tag: string } | "incomplete" | undefined {
  let pos = 0;
  for (;;) {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
    if (pos >= text.length) return "incomplete";
    if (text[pos] !== "<") return undefined;
    const rest = text.slice(pos, pos + 9);
    let end: number;
    if (rest.startsWith("<?")) end = after(text, "?>", pos + 2);
    else if (rest.startsWith("<!--")) end = after(text, "-->", pos + 4);
    else if (rest.startsWith("<!")) end = doctypeEnd(text, pos);
    else {
      const m = NAME_RE.exec(text.slice(pos, pos + 256));
      if (!m) return undefined;
      const close = text.indexOf(">", pos);
      const tag = text.slice(pos, close === -1 ? text.length : close + 1);
      return m[2] === undefined ? { local: m[1]!, tag } : { prefix: m[1]!, local: m[2], tag };
    }
    if (end === 0) return "incomplete";
    pos = end;
  }
}

/** Index just past `marker` at or after `from`, or 0 when absent. */
const after = (text: string, marker: string, from: number) => {
  const i = text.indexOf(marker, from);
  return i === -1 ? 0 : i + marker.length;
};

/** End (exclusive) of `<!DOCTYPE … [ … ]>`, or 0 when the head ends first. */
function doctypeEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from + 2; i < text.length; i++) {
    const c = text[i];
    if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === ">" && depth <= 0) return i + 1;
  }
  return 0;
}

/**
 * The report format of an XML head, by its root element:
 * JUnit (`<testsuites>`/`<testsuite>`, the Ant JUnit schema written by Surefire, jest-junit, pytest, PHPUnit, TestNG),
 * Checkstyle (`<checkstyle>`), CycloneDX (`<bom xmlns="http://cyclonedx.org/schema/bom/1.x">`), SPDX RDF/XML
 * (`<rdf:RDF>` with `spdx:SpdxDocument`); other XML → `xml`. HTML is served as `text`.
 */
export function classifyXml(text: string): DetectedFormat {
  const root = xmlRoot(text);
  if (root === undefined) return "text";
  if (root === "incomplete") return /^<\?xml[\s?]/.test(text) ? "xml" : "text";
  const { prefix, local, tag } = root;
  if (local.toLowerCase() === "html" && prefix === undefined) return "text";
  if (local === "testsuites" || local === "testsuite") return "junit";
  if (local === "checkstyle") return "checkstyle";
  if (local === "bom" && /xmlns(?::[\w.-]+)?\s*=\s*["']https?:\/\/cyclonedx\.org\/schema\/bom/.test(tag)) return "cyclonedx";
  if (local === "RDF" && /spdx\.org\/rdf\/terms/.test(text) && /SpdxDocument\b/.test(text)) return "spdx";
  return "xml";
}
