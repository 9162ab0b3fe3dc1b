import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createLocalObjectStore } from "@/lib/object-store/local";
import type { ObjectStore } from "@/lib/object-store";
import { DEFAULT_ARTIFACT_LIMITS, unpackZip } from "./unpack-zip";
import { dataOffset, fflateZip, flip, filesUnder, patchEntry, writeTempZip, yazlZip, zeros } from "./testing/build-zip";

const MiB = 1024 * 1024;
const SARIF = JSON.stringify({ $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [{ tool: { driver: { name: "CodeQL" } }, results: [] }] });
const JUNIT = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jest"><testsuite name="a" tests="1"><testcase name="t"/></testsuite></testsuites>\n';
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

let root: string;
let store: ObjectStore;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "oa-unpack-store-"));
  store = createLocalObjectStore(root);
});

/** Unpack `zip` expecting a refusal with `reason` (and `entry` when given), and prove the store is still empty. */
async function expectRefused(zip: Buffer, reason: string, o: { entry?: string; limits?: Parameters<typeof unpackZip>[1]["limits"] } = {}) {
  const file = await writeTempZip(zip);
  const error = await unpackZip(file, { store, limits: o.limits }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: "VALIDATION_ERROR", details: { reason, ...(o.entry === undefined ? {} : { entry: o.entry }) } });
  expect(await filesUnder(root)).toEqual([]);
  return error as Error;
}

describe("unpackZip: good archives", () => {
  it("stores SARIF, JUnit and nested files, counts directories and detects each format by content", async () => {
    const binary = randomBytes(5000);
    const zip = await yazlZip([
      { name: "reports/", directory: true },
      { name: "reports/codeql.sarif", data: SARIF },
      { name: "reports/junit/TEST-suite.xml", data: JUNIT },
      { name: "deep/a/b/c/notes.txt", data: "plain notes\n", compress: false },
      { name: "deep/a/b/c/", directory: true },
      { name: "deep/blob.bin", data: binary },
      { name: "copy-of-sarif.json", data: SARIF },
    ]);
    const manifest = await unpackZip(await writeTempZip(zip), { store });
    expect(manifest.directories).toBe(2);
    expect(manifest.entries.map((e) => [e.path, e.format, e.size])).toEqual([
      ["reports/codeql.sarif", "sarif", SARIF.length],
      ["reports/junit/TEST-suite.xml", "junit", JUNIT.length],
      ["deep/a/b/c/notes.txt", "text", 12],
      ["deep/blob.bin", "binary", 5000],
      ["copy-of-sarif.json", "sarif", SARIF.length],
    ]);
    expect(manifest.total_uncompressed_bytes).toBe(SARIF.length * 2 + JUNIT.length + 12 + 5000);
    for (const e of manifest.entries) {
      expect(e.ref).toBe(`sha256/${e.sha256}`);
      expect(sha(await store.get(e.ref))).toBe(e.sha256);
    }
    expect(manifest.entries[0]!.sha256).toBe(sha(SARIF));
    expect(manifest.entries[4]!.ref).toBe(manifest.entries[0]!.ref);
    expect((await store.get(manifest.entries[1]!.ref)).toString()).toBe(JUNIT);
    expect(await filesUnder(root)).toHaveLength(4);
  });

  it("normalises backslash names, accepts a small file of zeros and a big file below the ratio cap", async () => {
    const big = Buffer.from(randomBytes(3 * MiB).toString("base64"));
    const zip = fflateZip({ "win\\dir\\report.json": new TextEncoder().encode('{"a":1}'), "zeros.bin": new Uint8Array(MiB), "big.txt": big });
    const manifest = await unpackZip(await writeTempZip(zip), { store });
    expect(manifest.entries.map((e) => [e.path, e.format])).toEqual([["win/dir/report.json", "json"], ["zeros.bin", "binary"], ["big.txt", "text"]]);
    expect(manifest.entries[2]!.sha256).toBe(sha(big));
  });

  it("keeps the documented defaults", () => {
    expect(DEFAULT_ARTIFACT_LIMITS).toEqual({ maxArchiveBytes: 512 * MiB, maxUncompressedBytes: 1024 * MiB, maxEntries: 10_000, maxEntryBytes: 256 * MiB, maxRatio: 100 });
  });
});

describe("unpackZip: refused before anything is written", () => {
  it("refuses a ratio bomb (100 MiB of zeros) from its central directory", async () => {
    const zip = await yazlZip([{ name: "ok.txt", data: "fine" }, { name: "bomb.bin", stream: () => zeros(100) }]);
    expect(zip.length).toBeLessThan(MiB);
    const e = await expectRefused(zip, "zip_bomb", { entry: "bomb.bin" });
    expect(e.message).toMatch(/ratio over 100/);
  });

  it("refuses a total-size bomb and an oversized entry", async () => {
    const parts = [0, 1, 2].map((i) => ({ name: `part-${i}.bin`, data: randomBytes(512 * 1024) }));
    const limits = { maxUncompressedBytes: MiB, maxEntryBytes: MiB };
    await expectRefused(await yazlZip(parts), "zip_bomb", { entry: "part-2.bin", limits });
    const e = await expectRefused(await yazlZip(parts), "too_large", { entry: "part-0.bin", limits: { maxEntryBytes: 1000 } });
    expect(e.message).toContain("1000-byte limit");
  });

  it.each([
    ["../evil.txt", "path_traversal", "../evil.txt"],
    ["reports/../../evil.txt", "path_traversal", "reports/../../evil.txt"],
    ["..\\evil.txt", "path_traversal", "../evil.txt"],
    ["/etc/cron.d/evil", "absolute_path", "/etc/cron.d/evil"],
    ["C:\\Windows\\evil.dll", "absolute_path", "C:/Windows/evil.dll"],
    ["\\\\server\\share\\evil", "absolute_path", "//server/share/evil"],
    ["ok\u0000.txt", "path_traversal", "ok\\u0000.txt"],
    ["line\nbreak.txt", "path_traversal", "line◙break.txt"],
    ["bell\u0007é.txt", "path_traversal", "bell\\u0007é.txt"],
  ])("refuses the entry name %j (%s)", async (name, reason, entry) => {
    const zip = fflateZip({ "good.txt": new TextEncoder().encode("good"), [name]: new TextEncoder().encode("evil") });
    await expectRefused(zip, reason, { entry });
  });

  it("refuses symlinks and other non-regular entries", async () => {
    await expectRefused(await yazlZip([{ name: "link", data: "/etc/passwd", mode: 0o120777 }]), "link_entry", { entry: "link" });
    await expectRefused(await yazlZip([{ name: "fifo", data: "", mode: 0o010644 }]), "link_entry", { entry: "fifo" });
    const viaFflate = fflateZip({ "ln": [new TextEncoder().encode("/etc/passwd"), { os: 3, attrs: (0o120777 << 16) >>> 0 }] });
    await expectRefused(viaFflate, "link_entry", { entry: "ln" });
  });

  it("refuses too many entries, an oversized archive, duplicate paths and encrypted entries", async () => {
    const four = await yazlZip([1, 2, 3, 4].map((i) => ({ name: `f${i}.txt`, data: `${i}` })));
    await expectRefused(four, "too_many_entries", { limits: { maxEntries: 3 } });
    await expectRefused(four, "too_large", { limits: { maxArchiveBytes: four.length - 1 } });
    await expectRefused(await yazlZip([{ name: "a.txt", data: "1" }, { name: "a.txt", data: "2" }]), "malformed_zip", { entry: "a.txt" });
    await expectRefused(patchEntry(four, 1, { flags: 0x0001 }), "encrypted", { entry: "f2.txt" });
    await expectRefused(patchEntry(four, 0, { flags: 0x0041 }), "encrypted");
  });

  it("refuses truncated and non-zip files as malformed", async () => {
    const zip = await yazlZip([{ name: "a.sarif", data: SARIF }]);
    await expectRefused(zip.subarray(0, zip.length - 30), "malformed_zip");
    await expectRefused(zip.subarray(0, 100), "malformed_zip");
    await expectRefused(Buffer.from("this is not a zip\n"), "malformed_zip");
    // Stored entry whose central record claims a different size than its data.
    const stored = await yazlZip([{ name: "s.txt", data: "stored text", compress: false }]);
    await expectRefused(patchEntry(stored, 0, { uncompressedSize: 5 }), "malformed_zip");
  });
});

describe("unpackZip: refused during extraction, with rollback", () => {
  it("refuses an entry that inflates past its (lying) declared size and deletes what it already stored", async () => {
    const text = Buffer.from(randomBytes(2 * MiB).toString("base64"));
    const zip = patchEntry(await yazlZip([{ name: "first.txt", data: "first" }, { name: "liar.txt", data: text }]), 1, { uncompressedSize: 1000 });
    await expectRefused(zip, "zip_bomb", { entry: "liar.txt" });
  });

  it("keeps objects that existed before the call (content-addressed objects are shared)", async () => {
    const shared = await store.put(Buffer.from("shared report"));
    const zip = await yazlZip([
      { name: "shared.txt", data: "shared report" },
      { name: "mine.txt", data: "created by this call" },
      { name: "broken.txt", data: "this entry will fail its CRC check", compress: false },
    ]);
    const corrupt = Buffer.from(zip);
    flip(corrupt, dataOffset(zip, 2), 0xff);
    const file = await writeTempZip(corrupt);
    await expect(unpackZip(file, { store })).rejects.toMatchObject({ details: { reason: "malformed_zip", entry: "broken.txt" } });
    expect(await store.has(shared.ref)).toBe(true);
    expect(await filesUnder(root)).toEqual([path.join("sha256", shared.ref.slice(7, 9), shared.ref.slice(7))]);
  });

  it("refuses corrupt deflate data as malformed", async () => {
    // Fixed bytes (a hash chain), not random ones: corrupting random deflate data now and then still inflates.
    const bytes = Buffer.concat(Array.from({ length: 2048 }, (_, i) => createHash("sha256").update(`corrupt-${i}`).digest()));
    const zip = await yazlZip([{ name: "data.txt", data: Buffer.from(bytes.toString("hex")) }]);
    const corrupt = Buffer.from(zip);
    for (let i = 10; i < 200; i++) flip(corrupt, dataOffset(zip, 0) + i, 0x5a);
    await expectRefused(corrupt, "malformed_zip", { entry: "data.txt" });
  });

  it.skipIf(process.platform !== "linux")("closes the zip file on success and on every refusal", async () => {
    const openFds = async (file: string) => {
      const fds = await fs.readdir("/proc/self/fd");
      const targets = await Promise.all(fds.map((fd) => fs.readlink(`/proc/self/fd/${fd}`).catch(() => "")));
      return targets.filter((t) => t === file).length;
    };
    const good = await writeTempZip(await yazlZip([{ name: "a.txt", data: "a" }]));
    const badName = await writeTempZip(fflateZip({ "../x": new Uint8Array(1) }));
    const liar = await writeTempZip(patchEntry(await yazlZip([{ name: "l.txt", data: Buffer.alloc(4096, 97) }]), 0, { uncompressedSize: 10 }));
    await unpackZip(good, { store });
    await unpackZip(badName, { store }).catch(() => {});
    await unpackZip(liar, { store }).catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    expect([await openFds(good), await openFds(badName), await openFds(liar)]).toEqual([0, 0, 0]);
  });

  it("rejects invalid limit overrides", async () => {
    const file = await writeTempZip(await yazlZip([{ name: "a.txt", data: "a" }]));
    await expect(unpackZip(file, { store, limits: { maxRatio: 0 } })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
  });
});
