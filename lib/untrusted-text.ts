/**
 * Text from GitHub (issue and PR bodies, job logs, artifact files) is hostile input: it reaches an MCP client — a model
 * — that may follow instructions hidden in it (invisible tag characters, zero-width binary, bidi overrides as in
 * Trojan Source, CVE-2021-42574), and logs often echo credentials. Everything such text goes through before it leaves
 * the server is here. A leaf: node built-ins and other leaves only.
 */
import { stripVTControlCharacters } from "node:util";
import { AppError } from "./errors";
import { toSafeText } from "./safe-text";

const INVISIBLE = new RegExp(
  [
    // C0 and C1 controls except TAB and LF (CR goes: callers split CRLF first, a lone CR only hides text on a
    // terminal); the interlinear annotation marks U+FFF9–U+FFFB, which carry text that is never displayed.
    "[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\uFFF9-\\uFFFB]",
    // Unicode Default_Ignorable_Code_Point (UAX #44: shown as nothing): U+00AD, U+034F, U+061C, U+115F/U+1160,
    // U+180B–U+180F, U+200B–U+200F, U+202A–U+202E, U+2060–U+206F (incl. isolates U+2066–U+2069), U+3164, U+FE00–U+FE0F,
    // U+FEFF, U+FFA0, U+E0000–U+E0FFF (tags, variation selectors supplement) — except ZWJ, VS15 and VS16, below.
    "(?![\\u200D\\uFE0E\\uFE0F])\\p{Default_Ignorable_Code_Point}",
    // ZWJ, kept only between two emoji (👩🏽‍💻, 🏳️‍🌈).
    "\\u200D(?<![\\p{Extended_Pictographic}\\p{Emoji_Modifier}]\\uFE0F?\\u200D)",
    "\\u200D(?!\\p{Extended_Pictographic})",
    // VS15/VS16, kept only directly after an emoji or in a keycap (1️⃣); runs of them smuggle bytes.
    "[\\uFE0E\\uFE0F](?<![\\p{Extended_Pictographic}#*0-9].)",
    "[\\uFE0E\\uFE0F](?<=[#*0-9].)(?!\\u20E3)",
  ].join("|"),
  "gu",
);
// Printable ASCII, TAB and LF only: nothing to strip (the common case for log lines).
const PLAIN = /^[\t\n\x20-\x7e]*$/;

/**
 * `s` without what a reader cannot see but a model reads: ANSI/VT escape sequences (node:util
 * `stripVTControlCharacters`), C0/C1 controls except `\n` and `\t` (`\r` is dropped), Unicode default-ignorable code
 * points — zero-width characters U+200B–U+200F, bidi embeddings/overrides/isolates U+202A–U+202E and U+2066–U+2069,
 * U+2060–U+206F, U+061C, U+FEFF (everywhere), U+00AD, U+180E, Hangul fillers, tag characters U+E0000–U+E007F and all
 * variation selectors — and U+FFF9–U+FFFB. Kept on purpose: ZWJ between two emoji, one VS15/VS16 right after an emoji
 * or in a keycap, so emoji sequences survive. Lost on purpose: ZWNJ in Persian/Indic words (they stay readable), tag
 * subdivision flags (🏴󠁧󠁢󠁥󠁮󠁧󠁿 becomes 🏴), ideographic variation selectors (the base CJK character stays). NUL and unpaired
 * surrogates become U+FFFD (toSafeText), so the result is always storable. Never throws.
 */
export function stripInvisible(s: string): string {
  if (PLAIN.test(s)) return s;
  return stripVTControlCharacters(toSafeText(s)).replace(INVISIBLE, "");
}

type Rule = { kind: string; re: RegExp; accept?: (value: string) => boolean };

// A value that is a reference, not a secret: masked by Actions (`***`), a shell/expression/template variable.
const isReference = (v: string) => /^(?:\**|\$.*|%.*%|<.*>|\{.*|\[REDACTED:.*)$/.test(v);
const hasDigitAndLetter = (v: string) => /\d/.test(v) && /[A-Za-z]/.test(v);

// Key-material lines after a BEGIN marker: base64 (≥ 16 chars, or shorter right before the END marker) or an armour
// header; separated by real or JSON-escaped newlines (service-account keys are printed as JSON strings).
const PEM_SEP = String.raw`(?:\r?\n|(?:\\r)?\\n)`;
const PEM_LINE = String.raw`[ \t]*(?:[A-Za-z0-9+/=]{16,}|[A-Za-z0-9+/=]+(?=${PEM_SEP}[ \t]*-----END )|(?:Proc-Type|DEK-Info|Comment|Version|Hash|Charset): [^\r\n\\]*)?`;
const PEM = new RegExp(
  String.raw`-----BEGIN (?<t>[A-Z0-9]+(?: [A-Z0-9]+)* )?PRIVATE KEY(?<b> BLOCK)?-----(?:[ \t]*[A-Za-z0-9+/=]{16,}(?:[ \t]+[A-Za-z0-9+/=]{16,})*)?` +
    String.raw`(?:${PEM_SEP}${PEM_LINE})*(?:${PEM_SEP}?[ \t]*-----END \k<t>PRIVATE KEY\k<b>-----)?`,
  "g",
);
const PEM_BEGIN = /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /^[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const PEM_BODY = /^[ \t]*(?:[A-Za-z0-9+/=]+|(?:Proc-Type|DEK-Info|Comment|Version|Hash|Charset): .*)?[ \t]*$/;

// Order matters: specific token shapes first (their kind is the most useful), then headers, then generic assignments
// (which skip a value already redacted). Patterns whose value is named `v` keep the text before it (`k`).
const RULES: Rule[] = [
  { kind: "github_token", re: /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})/g },
  { kind: "aws_access_key_id", re: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  {
    kind: "aws_secret_access_key",
    re: /(?<k>(?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?)(?<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
  },
  { kind: "jwt", re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g },
  { kind: "slack_token", re: /(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9-]{10,}/g },
  { kind: "google_api_key", re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}/g },
  { kind: "stripe_key", re: /(?<![A-Za-z0-9])[sr]k_live_[0-9A-Za-z]{20,}/g },
  { kind: "npm_token", re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  {
    kind: "authorization",
    re: /(?<k>\bauthorization["']?\s*[:=]\s*["']?(?:bearer|basic|token|digest|bot)\s+)(?<v>[^\s"',;]+)/gi,
    accept: (v) => !isReference(v),
  },
  {
    kind: "bearer_token",
    re: /(?<k>(?<![A-Za-z0-9_-])bearer\s+)(?<v>[A-Za-z0-9._~+/-]{20,}=*)/gi,
    accept: hasDigitAndLetter,
  },
  {
    kind: "url_password",
    re: /(?<k>(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)(?<v>[^\s/@]+)(?=@)/gi,
    accept: (v) => !isReference(v),
  },
  {
    kind: "credential",
    re: /(?<k>(?:password|passwd|secret|token|api[_-]?key)["']?\s*[:=]\s*["']?)(?<v>[^\s"'`,;[\]]{12,})/gi,
    accept: (v) => !isReference(v) && hasDigitAndLetter(v) && !v.includes("://"),
  },
];
// Cheap pre-check: a string containing none of these cannot match any rule (most log lines).
const TRIGGER = /gh[pousr]_|github_pat_|AKIA|ASIA|PRIVATE KEY|eyJ|xox[abprs]-|AIza|k_live_|npm_|authorization|bearer|:\/\/|passw|secret|token|api[_-]?key|access_?key/i;

/**
 * `s` with credentials replaced by `[REDACTED:<kind>]`. Kinds: `private_key` (PEM/PGP private-key blocks, also
 * JSON-escaped; an unterminated block is redacted as far as its lines look like key material), `github_token`
 * (`ghp_ gho_ ghu_ ghs_ ghr_` + ≥ 36 base62, `github_pat_` 22 `_` 59), `aws_access_key_id` (`AKIA`/`ASIA` + 16),
 * `aws_secret_access_key` (the 40-char value of an `aws_secret_access_key=` assignment), `jwt` (`eyJ….eyJ….sig`),
 * `slack_token` (`xox[abprs]-`), `google_api_key` (`AIza` + 35), `stripe_key` (`sk_live_`/`rk_live_`), `npm_token`
 * (`npm_` + 36), `authorization` (the credential after `Authorization: Bearer|Basic|Token|Digest`), `bearer_token`
 * (`bearer <token>` in text: ≥ 20 token chars with a digit and a letter), `url_password` (`scheme://user:PASS@`),
 * `credential` (the value of `…password|passwd|secret|token|api_key =|: value` when it is ≥ 12 chars with a digit and
 * a letter). Names and schemes stay visible; Actions' `***` masks, `$VAR` and `${{ … }}` references are left alone.
 * `redactions` counts replacements. Never throws; linear-time patterns only.
 */
export function redactSecrets(s: string): { text: string; redactions: number } {
  if (!TRIGGER.test(s)) return { text: s, redactions: 0 };
  let redactions = 0;
  let text = s.replace(PEM, (m: string) => {
    redactions++;
    return `[REDACTED:private_key]${/\s*$/.exec(m)?.[0] ?? ""}`;
  });
  for (const { kind, re, accept } of RULES) {
    text = text.replace(re, (m: string, ...args: unknown[]) => {
      const g = args.at(-1) as { k?: string; v?: string } | undefined;
      const value = typeof g === "object" && g?.v !== undefined ? g.v : m;
      if (accept && !accept(value)) return m;
      redactions++;
      return `${typeof g === "object" ? (g?.k ?? "") : ""}[REDACTED:${kind}]`;
    });
  }
  return { text, redactions };
}

/**
 * {@link stripInvisible}, then {@link redactSecrets}, then — when `maxChars` (UTF-16 code units, a non-negative
 * integer; default unlimited) is exceeded — a cut at the last line break within the limit if that keeps at least half
 * of it, else at the limit (never inside a surrogate pair). Cutting after redaction cannot expose part of a secret.
 * @throws AppError VALIDATION_ERROR when `maxChars` is not a non-negative integer.
 */
export function sanitizeUntrusted(s: string, { maxChars }: { maxChars?: number } = {}): { text: string; redactions: number; truncated: boolean } {
  if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars >= 0)) {
    throw new AppError("VALIDATION_ERROR", "maxChars must be a non-negative integer.", { field: "maxChars" });
  }
  const { text, redactions } = redactSecrets(stripInvisible(s));
  if (maxChars === undefined || text.length <= maxChars) return { text, redactions, truncated: false };
  const nl = text.lastIndexOf("\n", maxChars);
  let end = nl >= maxChars / 2 ? nl : maxChars;
  if (end > 0 && /[\ud800-\udbff]/.test(text[end - 1] ?? "")) end--;
  return { text: text.slice(0, end), redactions, truncated: true };
}

/**
 * A sanitiser for text that arrives one line at a time (job logs): {@link stripInvisible} and {@link redactSecrets}
 * per line, plus state across lines so a multi-line private-key block is redacted line by line (each line becomes
 * `[REDACTED:private_key]`, one redaction per block) until its END marker or the first line that does not look like
 * key material (base64, an armour header, blank), at most 200 lines. `line` must not contain a line break.
 */
export function createLineSanitizer(): (line: string) => { text: string; redactions: number } {
  let inKey = 0;
  return (line) => {
    const clean = stripInvisible(line);
    if (inKey > 0) {
      const end = PEM_END.exec(clean);
      if (end) {
        inKey = 0;
        const rest = redactSecrets(clean.slice(end[0].length));
        return { text: `[REDACTED:private_key]${rest.text}`, redactions: rest.redactions };
      }
      if (PEM_BODY.test(clean) && inKey++ < 200) return { text: "[REDACTED:private_key]", redactions: 0 };
      inKey = 0;
    }
    const out = redactSecrets(clean);
    // A key block stays open when the line's last BEGIN marker is a private key's and no END marker follows it.
    const begin = clean.lastIndexOf("-----BEGIN ");
    if (begin >= 0 && begin > clean.lastIndexOf("-----END ") && PEM_BEGIN.test(clean.slice(begin))) inKey = 1;
    return out;
  };
}
