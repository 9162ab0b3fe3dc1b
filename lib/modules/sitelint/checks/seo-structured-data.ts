import { jsonVerifier, type VerifierError } from "stream-json/core/utils/verifier.js";

export type StructuredDataProblem = {
  /** 0-based index of the `<script type="application/ld+json">` among the page's blocks. */
  block: number;
  /** True when the block is not JSON at all (else it parsed, but items lack `@context`/`@type`). */
  invalidJson: boolean;
  problems: string[];
  /** Where JSON.parse stopped: 0-based character offset and 1-based line/column within the block. */
  position?: { offset: number; line: number; column: number };
  excerpt: string;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** stream-chain's end-of-input marker (a registered symbol), which flushes stream-json's verifier. */
const END_OF_INPUT = Symbol.for("object-stream.none");

/**
 * Where JSON parsing fails, from stream-json's verifier (V8's `JSON.parse` messages often name no position). The
 * verifier counts UTF-16 code units, like JavaScript string offsets.
 */
function errorPosition(text: string): { position?: StructuredDataProblem["position"]; message?: string } {
  const verify = jsonVerifier() as unknown as (chunk: string | symbol) => unknown;
  try {
    verify(text);
    verify(END_OF_INPUT);
    return {};
  } catch (e) {
    const err = e as Partial<VerifierError>;
    if (typeof err.offset !== "number" || typeof err.line !== "number" || typeof err.pos !== "number") return {};
    return { position: { offset: err.offset, line: err.line, column: err.pos }, message: err.message?.replace(/^ERROR at [^:]*: /, "") };
  }
}

function itemProblems(item: unknown, where: string): string[] {
  if (!isObject(item)) return [`${where} is not a JSON object`];
  const out: string[] = [];
  if (!("@context" in item)) out.push(`${where} has no @context`);
  const graph = item["@graph"];
  if (Array.isArray(graph)) {
    // @context on the top-level item applies to every @graph node (JSON-LD 1.1 §4.9 "Named Graphs").
    graph.forEach((node, i) => {
      if (!isObject(node)) out.push(`${where} @graph[${i}] is not a JSON object`);
      else if (!("@type" in node)) out.push(`${where} @graph[${i}] has no @type`);
    });
  } else if (!("@type" in item)) {
    out.push(`${where} has no @type`);
  }
  return out;
}

/**
 * Structured-data blocks that search engines cannot use (Google Search Central "Introduction to structured data
 * markup", JSON-LD 1.1): a block that is not valid JSON (with the parse error's position), or whose top-level items
 * (the value itself, or each element of a top-level array) lack `@context` or `@type` (for an item with `@graph`:
 * `@context` on the item and `@type` on each graph node). Vocabulary (schema.org types and properties) is not checked.
 * Lighthouse 13 has no automatic audit for this (`structured-data` is manual).
 * @returns one entry per bad block.
 */
export function structuredDataProblems(blocks: string[]): StructuredDataProblem[] {
  const out: StructuredDataProblem[] = [];
  blocks.forEach((text, block) => {
    const excerpt = text.trim().slice(0, 200);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const { position, message } = errorPosition(text);
      const at = position ? ` at line ${position.line}, column ${position.column}` : "";
      out.push({ block, invalidJson: true, problems: [`not valid JSON${at}: ${message ?? (e instanceof Error ? e.message : String(e))}`], position, excerpt });
      return;
    }
    const problems = Array.isArray(value)
      ? value.flatMap((item, i) => itemProblems(item, `item ${i}`))
      : itemProblems(value, "the top-level value");
    if (problems.length) out.push({ block, invalidJson: false, problems: problems.slice(0, 20), excerpt });
  });
  return out;
}
