import { describe, expect, it } from "vitest";
import { scanJson } from "./scan-json";

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

describe("scanJson", () => {
  it("reads complete documents like JSON.parse", () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"],"b":{}}';
    const scan = scanJson(text);
    expect(scan).toMatchObject({ truncated: false, error: false });
    expect(plain(scan.docs[0])).toEqual(JSON.parse(text));
  });

  it("keeps the members read before the input ends, dropping a member whose key was cut", () => {
    const scan = scanJson('{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Cod');
    expect(scan.truncated).toBe(true);
    expect(plain(scan.docs[0])).toEqual({ version: "2.1.0", runs: [{ tool: { driver: { name: "Cod" } } }] });
    expect(plain(scanJson('{"a": 1, "lon').docs[0])).toEqual({ a: 1 });
    expect(plain(scanJson('{"a": tr').docs[0])).toEqual({});
  });

  it("stops at a syntax error with what it had, and reads NDJSON as several documents", () => {
    expect(scanJson('{"a": 1, "b": oops}')).toMatchObject({ error: true });
    expect(plain(scanJson('{"a": 1, "b": oops}').docs[0])).toEqual({ a: 1 });
    const lines = scanJson('{"type":"info"}\n{"type":"auditSummary","data":{}}\n');
    expect(plain(lines.docs)).toEqual([{ type: "info" }, { type: "auditSummary", data: {} }]);
    expect(lines).toMatchObject({ truncated: false, error: false });
  });

  it("accepts Python's NaN/Infinity, treats __proto__ as data and survives deep nesting", () => {
    expect(scanJson('{"x": NaN, "y": -Infinity}').docs[0]).toMatchObject({ x: NaN, y: -Infinity });
    const proto = scanJson('{"__proto__": {"polluted": true}}').docs[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(null);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(scanJson("[".repeat(100_000)).truncated).toBe(true);
  });
});
