import { describe, expect, it } from "vitest";
import { classifyAssetName } from "./classify-asset-name";
import { parseChecksumFile } from "./parse-checksum-file";

const A = "a".repeat(64);
const B = "B".repeat(64);
const C512 = "c".repeat(128);

describe("parseChecksumFile", () => {
  it("reads GNU sha256sum output: text and binary mode, ./ and directory prefixes matched on basename, CRLF, BOM, comments", () => {
    const p = parseChecksumFile(`\uFEFF# made by sha256sum\r\n${A}  ./dist/app-linux.tar.gz\r\n${B} *app-windows.zip\r\n\r\n`);
    expect(p.entries).toEqual([
      { name: "./dist/app-linux.tar.gz", basename: "app-linux.tar.gz", hex: A, algorithm: "sha256", line: 2, format: "gnu" },
      { name: "app-windows.zip", basename: "app-windows.zip", hex: B.toLowerCase(), algorithm: "sha256", line: 3, format: "gnu" },
    ]);
    expect(p).toMatchObject({ formats: ["gnu"], skippedLines: 0 });
  });

  it("undoes GNU escaping (a line starting with \\): \\\\ and \\n in names", () => {
    const p = parseChecksumFile(`\\${A}  we\\\\ird\\nname.bin\n`);
    expect(p.entries[0]).toMatchObject({ name: "we\\ird\nname.bin", basename: "we\\ird\nname.bin", hex: A });
  });

  it("reads BSD tagged lines (shasum --tag, openssl dgst, escaped) and keeps names with parentheses and ' = '", () => {
    const p = parseChecksumFile([`SHA256 (app (1).tar.gz) = ${A}`, `SHA2-256(tool)= ${A}`, `SHA512 (big.iso) = ${C512}`, `\\SHA256 (a\\\\b) = ${A}`, `SHA256 (x) = y) = ${A}`].join("\n"));
    expect(p.entries.map((e) => [e.name, e.algorithm, e.format])).toEqual([
      ["app (1).tar.gz", "sha256", "bsd"], ["tool", "sha256", "bsd"], ["big.iso", "sha512", "bsd"], ["a\\b", "sha256", "bsd"], ["x) = y", "sha256", "bsd"],
    ]);
  });

  it("reads `sha256 -r` style `hex name` and a bare hex (single-file .sha256 names its asset)", () => {
    expect(parseChecksumFile(`${A} app.tar.gz\n`).entries[0]).toMatchObject({ name: "app.tar.gz", format: "loose" });
    expect(parseChecksumFile(`${A}\n`, { defaultName: "app.tar.gz" }).entries[0]).toMatchObject({ name: "app.tar.gz", format: "bare", hex: A });
    expect(parseChecksumFile(`${A}\n`).entries).toEqual([]); // no name to give it
    expect(parseChecksumFile(`${A}  /home/runner/work/dist/app.tar.gz`, { defaultName: "ignored" }).entries[0]?.basename).toBe("app.tar.gz");
  });

  it("derives the algorithm from the hex length (SHA-512: 128), lists MD5/SHA-1 but counts garbage as skipped", () => {
    const p = parseChecksumFile([`${C512}  big.iso`, `${"d".repeat(32)}  old.zip`, `${"e".repeat(40)}  older.zip`, `${"f".repeat(63)}  short.zip`, "<html>not a checksum</html>", `SHA256 (wrong-length) = ${C512}`, `${A}  dir/`].join("\n"));
    expect(p.entries.map((e) => [e.basename, e.algorithm])).toEqual([["big.iso", "sha512"], ["old.zip", "md5"], ["older.zip", "sha1"]]);
    expect(p.skippedLines).toBe(4);
  });

  it("reads GoReleaser's checksums.txt", () => {
    const text = `${A}  mytool_1.2.3_darwin_arm64.tar.gz\n${B}  mytool_1.2.3_linux_amd64.tar.gz\n`;
    expect(parseChecksumFile(text).entries.map((e) => e.basename)).toEqual(["mytool_1.2.3_darwin_arm64.tar.gz", "mytool_1.2.3_linux_amd64.tar.gz"]);
  });
});

describe("classifyAssetName", () => {
  it("recognises checksum lists, single-file checksums, signatures and ordinary assets", () => {
    const cases: [string, ReturnType<typeof classifyAssetName>][] = [
      ["SHA256SUMS", { role: "checksum", layout: "sums", algorithm: "sha256", subject: null }],
      ["sha512sums.txt", { role: "checksum", layout: "sums", algorithm: "sha512", subject: null }],
      ["MD5SUMS", { role: "checksum", layout: "sums", algorithm: "md5", subject: null }],
      ["checksums.txt", { role: "checksum", layout: "sums", algorithm: null, subject: null }],
      ["mytool_1.2.3_checksums.txt", { role: "checksum", layout: "sums", algorithm: null, subject: null }],
      ["CHECKSUMS", { role: "checksum", layout: "sums", algorithm: null, subject: null }],
      ["app.tar.gz.sha256", { role: "checksum", layout: "single", algorithm: "sha256", subject: "app.tar.gz" }],
      ["app.tar.gz.sha256sum", { role: "checksum", layout: "single", algorithm: "sha256", subject: "app.tar.gz" }],
      ["app.iso.SHA512", { role: "checksum", layout: "single", algorithm: "sha512", subject: "app.iso" }],
      ["app.zip.sha256.txt", { role: "checksum", layout: "single", algorithm: "sha256", subject: "app.zip" }],
      ["checksums.txt.sig", { role: "signature" }],
      ["SHA256SUMS.asc", { role: "signature" }],
      ["checksums.txt.pem", { role: "signature" }],
      ["app.intoto.jsonl", { role: "signature" }],
      ["app.sigstore.json", { role: "signature" }],
      ["app.sbom.json", { role: "asset" }],
      ["app.spdx.json", { role: "asset" }],
      ["app.tar.gz", { role: "asset" }],
      ["sha256.go", { role: "asset" }],
    ];
    for (const [name, want] of cases) expect(classifyAssetName(name), name).toEqual(want);
  });
});
