import { describe, expect, it } from "vitest";
import { REDACTED, redactDeep, redactSecrets } from "./redact-secrets";

describe("redactSecrets", () => {
  it("removes raw, percent-encoded, form-encoded and HTML-escaped occurrences", () => {
    const secret = "p@ss word&<x>";
    const text = `raw ${secret} | url ?t=${encodeURIComponent(secret)} | form ${encodeURIComponent(secret).replace(/%20/g, "+")} | html <input value="p@ss word&amp;&lt;x&gt;">`;
    const out = redactSecrets(text, [secret]);
    expect(out).toBe(`raw ${REDACTED} | url ?t=${REDACTED} | form ${REDACTED} | html <input value="${REDACTED}">`);
  });

  it("replaces a longer secret whole before a shorter one it contains, and ignores values under 4 characters", () => {
    expect(redactSecrets("Bearer abcdef123 and abcdef123 and ab", ["abcdef123", "Bearer abcdef123", "ab"])).toBe(`${REDACTED} and ${REDACTED} and ab`);
  });

  it("leaves text without secrets unchanged", () => {
    expect(redactSecrets("nothing here", ["s3cret-value"])).toBe("nothing here");
    expect(redactSecrets("nothing here", [])).toBe("nothing here");
  });
});

describe("redactDeep", () => {
  it("redacts every string (values and keys) of nested objects and arrays, keeps other values, and does not modify the input", () => {
    const input = { title: "Hi tok_12345", n: 3, ok: true, none: null, list: ["a tok_12345", { ["k-tok_12345"]: "v" }], nested: { deeper: [{ html: "<a href='/x?t=tok_12345'>" }] } };
    const copy = structuredClone(input);
    const out = redactDeep(input, ["tok_12345"]);
    expect(out).toEqual({ title: `Hi ${REDACTED}`, n: 3, ok: true, none: null, list: [`a ${REDACTED}`, { [`k-${REDACTED}`]: "v" }], nested: { deeper: [{ html: `<a href='/x?t=${REDACTED}'>` }] } });
    expect(input).toEqual(copy);
    expect(JSON.stringify(out)).not.toContain("tok_12345");
  });
});
