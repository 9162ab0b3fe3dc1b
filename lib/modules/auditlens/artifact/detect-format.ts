import { classifyJsonDoc, classifyJsonLines } from "./classify-json";
import { scanJson } from "./scan-json";
import type { DetectedFormat } from "./types";
import { classifyXml } from "./classify-xml";

export type { DetectedFormat } from "./types";

/** How many bytes of a file `detectFormat` is meant to see. */
export const DETECT_HEAD_BYTES = 64 * 1024;

/**
 * Decode a head as text: UTF-8 (BOM optional) or, with a BOM, UTF-16 (PowerShell's `>` writes UTF-16LE).
 * A multi-byte sequence cut by the end of the head is tolerated (the head is usually a prefix).
 * @returns the text without BOM, or undefined for binary (NUL characters or invalid UTF-8 / UTF-16).
 */
function decodeHead(head: Uint8Array): string | undefined {
  let encoding = "utf-8";
  let start = 0;
  if (head[0] === 0xff && head[1] === 0xfe) [encoding, start] = ["utf-16le", 2];
  else if (head[0] === 0xfe && head[1] === 0xff) [encoding, start] = ["utf-16be", 2];
  else if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
  let text: string;
  try {
    // `stream: true` keeps a trailing incomplete sequence pending instead of failing on it.
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(head.subarray(start), { stream: true });
  } catch {
    return undefined;
  }
  return text.includes("\u0000") ? undefined : text;
}

/** The file name may only settle "json or text" for content that looks like JSON but isn't one JSON document. */
const jsonOrText = (name: string | undefined): DetectedFormat => (/\.(json|jsonl|ndjson|sarif)$/i.test(name ?? "") ? "json" : "text");

/**
 * The format of a file from its first bytes, by content — never by its name (which only breaks json/text ties).
 *
 * - JSON reports are recognised from a forgiving parse of the head, so a head cut from a big file (or one that
 *   breaks off in a syntax error) still counts its leading keys. Shapes and their sources are listed on each rule in
 *   `classify-json.ts`: SARIF 2.1.0, ESLint `json` formatter, npm audit 6 and 7+, yarn audit (1: NDJSON `auditAdvisory`/
 *   `auditSummary`; berry 2/3: the npm 6 shape without `runId`; berry 4: NDJSON `{value, children}`), Trivy, Grype,
 *   Semgrep, Gitleaks 7 and 8, Bandit, retire.js, CycloneDX, SPDX. Other JSON (also `null`, `[]`) → `json`.
 * - XML by root element after the prolog (see `classify-xml.ts`): JUnit, Checkstyle, CycloneDX, SPDX RDF; else `xml`.
 * - SPDX tag-value text (`SPDXVersion: SPDX-2.x`) → `spdx`; other text → `text`; empty → `text`.
 * - `binary`: NUL bytes, or bytes that are not UTF-8 (or UTF-16 with a BOM).
 *
 * Ambiguities, by design: an empty array (`[]`) and `null` are `json` (ESLint, Gitleaks and retire.js all write them
 * for "no findings"); an npm-6-shaped audit without `runId` is `yarn_audit` (yarn berry 2/3; pnpm writes the same).
 * @param head the first ≤ 64 KiB ({@link DETECT_HEAD_BYTES}) of the file; longer input works but costs more.
 * @param name the file's name or path, for the json/text tie only.
 */
export function detectFormat(head: Buffer, name?: string): DetectedFormat {
  const text = decodeHead(head);
  if (text === undefined) return "binary";
  const trimmed = text.trimStart();
  const first = trimmed[0];
  if (first === undefined) return "text";
  if (first === "<") return classifyXml(trimmed);
  if (/^SPDXVersion:\s*SPDX-/m.test(trimmed.slice(0, 4096))) return "spdx";
  const scan = scanJson(trimmed);
  const [doc, ...more] = scan.docs;
  if (first !== "{" && first !== "[") {
    // A bare scalar is JSON only when it is the whole (valid) document: `null`, `42`, `"x"`.
    return scan.docs.length === 1 && !scan.error && !scan.truncated ? "json" : "text";
  }
  if (scan.docs.length === 0) return jsonOrText(name);
  if (more.length > 0) return classifyJsonLines(scan.docs) ?? classifyJsonDoc(doc, { complete: true }) ?? jsonOrText(name);
  const format = classifyJsonDoc(doc, { complete: !scan.truncated && !scan.error });
  if (format) return format;
  return scan.error ? jsonOrText(name) : "json";
}
