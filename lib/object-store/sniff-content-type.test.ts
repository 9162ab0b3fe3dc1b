import { describe, expect, it } from "vitest";
import { sniffContentType } from "./sniff-content-type";

const enc = (s: string) => new TextEncoder().encode(s);

describe("sniffContentType", () => {
  it("recognises PNG by its 8-byte signature", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(sniffContentType(png)).toBe("image/png");
  });

  it("does not take a truncated PNG signature for PNG", () => {
    expect(sniffContentType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toBe("application/octet-stream");
  });

  it("recognises JPEG", () => {
    expect(sniffContentType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))).toBe("image/jpeg");
  });

  it("recognises JSON objects and arrays, with leading whitespace and a BOM", () => {
    expect(sniffContentType(enc('{"a":1}'))).toBe("application/json; charset=utf-8");
    expect(sniffContentType(enc('\n  [1, "two", null]\n'))).toBe("application/json; charset=utf-8");
    expect(sniffContentType(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc("{}")]))).toBe("application/json; charset=utf-8");
  });

  it("serves JSON-looking text that does not parse as plain text", () => {
    expect(sniffContentType(enc("{not json"))).toBe("text/plain; charset=utf-8");
  });

  it("serves UTF-8 text (including HTML) as plain text", () => {
    expect(sniffContentType(enc("hello\twörld\r\n"))).toBe("text/plain; charset=utf-8");
    expect(sniffContentType(enc("<!doctype html><script>alert(1)</script>"))).toBe("text/plain; charset=utf-8");
  });

  it("falls back to octet-stream for binary, invalid UTF-8 and empty input", () => {
    expect(sniffContentType(Uint8Array.from([0x00, 0x01, 0x02, 0x03]))).toBe("application/octet-stream");
    expect(sniffContentType(Uint8Array.from([0xc3, 0x28]))).toBe("application/octet-stream");
    expect(sniffContentType(new Uint8Array())).toBe("application/octet-stream");
  });
});
