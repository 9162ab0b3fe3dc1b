import { describe, expect, it } from "vitest";
import ipaddr from "ipaddr.js";
import { assertUrlAllowed, embeddedIPv4, isAddressAllowed, isPublicAddress, parsePolicyEntry } from "./url-policy";

const none = { allowlist: [], denylist: [] };
const fakeDns = (map: Record<string, string[]>) => async (h: string) => {
  if (!map[h]) throw new Error("ENOTFOUND");
  return map[h]!;
};

describe("url policy", () => {
  it("rejects malformed URLs and unsupported schemes as validation errors", async () => {
    await expect(assertUrlAllowed("not a url", none)).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(assertUrlAllowed("ftp://example.com/", none)).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(assertUrlAllowed("file:///etc/passwd", none)).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(assertUrlAllowed("http://u:p@example.com/", none)).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
  });

  it("refuses loopback, private, link-local and mapped addresses unless allowlisted", async () => {
    for (const u of ["http://127.0.0.1:8080/", "http://10.1.2.3/", "http://169.254.169.254/latest", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/"]) {
      await expect(assertUrlAllowed(u, none), u).rejects.toMatchObject({ code: "URL_NOT_ALLOWED" });
    }
    await expect(assertUrlAllowed("http://127.0.0.1:8080/x", { allowlist: ["127.0.0.1"], denylist: [] })).resolves.toBeInstanceOf(URL);
    await expect(assertUrlAllowed("http://10.9.9.9/", { allowlist: ["10.0.0.0/8"], denylist: [] })).resolves.toBeInstanceOf(URL);
    await expect(assertUrlAllowed("http://127.0.0.1:9/", { allowlist: ["127.0.0.1:8080"], denylist: [] })).rejects.toMatchObject({ code: "URL_NOT_ALLOWED" });
  });

  it("refuses a public name that resolves to a private address (DNS rebinding shape)", async () => {
    const dns = fakeDns({ "evil.example": ["93.184.216.34", "192.168.1.1"], "ok.example": ["93.184.216.34"] });
    await expect(assertUrlAllowed("https://evil.example/", none, dns)).rejects.toMatchObject({ code: "URL_NOT_ALLOWED" });
    await expect(assertUrlAllowed("https://ok.example/", none, dns)).resolves.toBeInstanceOf(URL);
    await expect(assertUrlAllowed("https://missing.example/", none, dns)).rejects.toMatchObject({ code: "URL_NOT_ALLOWED" });
  });

  it("applies the denylist before the allowlist, with wildcards", async () => {
    const dns = fakeDns({ "a.corp.example": ["93.184.216.34"], "b.example": ["93.184.216.35"] });
    const policy = { allowlist: ["*.corp.example"], denylist: ["a.corp.example"] };
    await expect(assertUrlAllowed("https://a.corp.example/", policy, dns)).rejects.toMatchObject({ code: "URL_NOT_ALLOWED" });
    await expect(assertUrlAllowed("https://b.example/", { allowlist: ["*.corp.example"], denylist: [] }, dns)).rejects.toThrow(/allowlist/);
  });

  it("judges IPv4-embedding IPv6 forms by the IPv4 address they carry (::/96, ::ffff:0:0/96, 64:ff9b::/96, 2002::/16)", () => {
    for (const a of ["::7f00:1", "::a9fe:a9fe", "::ffff:10.0.0.1", "::ffff:0:7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::c0a8:1", "2002:7f00:1::", "2002:a9fe:a9fe::1"]) {
      expect(isPublicAddress(a), a).toBe(false);
      expect(embeddedIPv4(ipaddr.parse(a) as ipaddr.IPv6)?.toString(), a).toMatch(/^(127|169\.254|10|192\.168)\./);
    }
    // The same forms around a public IPv4 address are public, and an allowlisted IPv4 range covers them.
    for (const a of ["64:ff9b::808:808", "::ffff:8.8.8.8", "2002:808:808::"]) expect(isPublicAddress(a), a).toBe(true);
    expect(isAddressAllowed("::ffff:10.1.2.3", "80", { allowlist: ["10.0.0.0/8"], denylist: [] })).toBe(true);
    expect(isAddressAllowed("64:ff9b::808:808", "80", { allowlist: [], denylist: ["8.8.8.0/24"] })).toBe(false);
    expect(isPublicAddress("2606:4700::1111")).toBe(true);
    expect(isPublicAddress("2001::1")).toBe(false); // Teredo: refused outright
  });

  it("parses allow/deny entries strictly (lib/env.ts refuses to start with a bad one)", () => {
    for (const ok of ["example.com", "*.example.com", "10.0.0.0/8", "127.0.0.1:8080", "[::1]:8080", "fd00::/8", "localhost"]) expect(parsePolicyEntry(ok), ok).toBeDefined();
    for (const bad of ["exa mple.com", "127.0.0.1:99999", "http://", "10.0.0.0/99", "host:port", "*.", "a..b"]) expect(parsePolicyEntry(bad), bad).toBeUndefined();
  });

  it("checks resolved addresses for a socket-level guard", () => {
    expect(isAddressAllowed("8.8.8.8", "443", none)).toBe(true);
    expect(isAddressAllowed("127.0.0.1", "80", none)).toBe(false);
    expect(isAddressAllowed("127.0.0.1", "80", { allowlist: ["127.0.0.0/8"], denylist: [] })).toBe(true);
    expect(isAddressAllowed("8.8.8.8", "443", { allowlist: [], denylist: ["8.8.8.0/24"] })).toBe(false);
  });
});
