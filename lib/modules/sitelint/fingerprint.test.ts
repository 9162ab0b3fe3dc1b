import { describe, expect, it } from "vitest";
import { findingFingerprint } from "./fingerprint";
import { normalizeCrawlUrl, urlPathKey } from "./normalize-url";

describe("findingFingerprint", () => {
  const base = { ruleId: "image-alt", pageUrl: "https://example.com/docs/a?x=1", selector: "#hero > img" };

  it("is 64 hex chars and ignores scheme, host, port and fragment", () => {
    const fp = findingFingerprint(base);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(findingFingerprint({ ...base, pageUrl: "http://127.0.0.1:3000/docs/a?x=1#top" })).toBe(fp);
    expect(findingFingerprint({ ...base, pageUrl: "https://STAGING.example.com:8443/docs/a?x=1" })).toBe(fp);
  });

  it("changes with rule, path, query and selector", () => {
    const fp = findingFingerprint(base);
    expect(findingFingerprint({ ...base, ruleId: "color-contrast" })).not.toBe(fp);
    expect(findingFingerprint({ ...base, pageUrl: "https://example.com/docs/b?x=1" })).not.toBe(fp);
    expect(findingFingerprint({ ...base, pageUrl: "https://example.com/docs/a?x=2" })).not.toBe(fp);
    expect(findingFingerprint({ ...base, selector: "#other" })).not.toBe(fp);
  });

  it("treats a missing selector as empty (page-level findings)", () => {
    expect(findingFingerprint({ ruleId: "header-csp", pageUrl: "https://a.test/" })).toBe(
      findingFingerprint({ ruleId: "header-csp", pageUrl: "http://b.test/", selector: undefined }),
    );
  });
});

describe("normalizeCrawlUrl / urlPathKey", () => {
  it("resolves, drops fragments, default ports and bare '?'", () => {
    expect(normalizeCrawlUrl("../b?x=1#top", "https://Example.com:443/docs/a/")).toBe("https://example.com/docs/b?x=1");
    expect(normalizeCrawlUrl("http://example.com:80/a?", "https://x.test/")).toBe("http://example.com/a");
    expect(normalizeCrawlUrl("  /c  ", "http://127.0.0.1:8080/a")).toBe("http://127.0.0.1:8080/c");
    expect(normalizeCrawlUrl("#only-fragment", "https://x.test/page?q=1#old")).toBe("https://x.test/page?q=1");
  });

  it("returns undefined for non-http(s) links and credentials", () => {
    for (const href of ["mailto:a@b.c", "javascript:void(0)", "tel:+331", "data:text/html,x", "ftp://x.test/", "https://u:p@x.test/"]) {
      expect(normalizeCrawlUrl(href, "https://x.test/")).toBeUndefined();
    }
    expect(normalizeCrawlUrl("http://[::1", "https://x.test/")).toBeUndefined();
  });

  it("keys a page by path and query", () => {
    expect(urlPathKey("https://x.test/a/b?c=d#e")).toBe("/a/b?c=d");
    expect(urlPathKey(new URL("http://x.test"))).toBe("/");
    expect(urlPathKey("not a url")).toBe("not a url");
  });
});
