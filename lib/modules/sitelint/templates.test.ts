import { describe, expect, it } from "vitest";
import { createTemplateSampler, templateKey, urlPattern } from "./templates";

describe("urlPattern", () => {
  it.each([
    ["https://x.test/product/123", "/product/:num"],
    ["https://x.test/product/123.html", "/product/:num.html"],
    ["https://x.test/blog/2024/01/how-to-bake-bread", "/blog/:num/:num/:slug"],
    ["https://x.test/blog/2024-01-31/post", "/blog/:date/post"],
    ["https://x.test/u/3f2504e0-4f89-11d3-9a0c-0305e82c3301/edit", "/u/:uuid/edit"],
    ["https://x.test/c/5f1d7a9b3e2c", "/c/:hex"],
    ["https://x.test/item/post-12", "/item/:slug"],
    ["https://x.test/search?q=shoes&page=2&q=boots", "/search?page&q"],
    ["https://x.test/about", "/about"],
    ["https://x.test/", "/"],
    ["https://x.test/team/alice", "/team/alice"],
  ])("%s → %s", (url, pattern) => {
    expect(urlPattern(url)).toBe(pattern);
  });

  it("is host-independent and keeps a non-URL unchanged", () => {
    expect(urlPattern("https://a.test/p/1")).toBe(urlPattern("http://b.test:8080/p/2"));
    expect(urlPattern("not a url")).toBe("not a url");
  });
});

describe("createTemplateSampler", () => {
  const u = (p: string) => `https://x.test${p}`;

  it("audits N pages per URL pattern, then samples the rest out; forced pages always pass", () => {
    const s = createTemplateSampler(2);
    const decisions = [1, 2, 3, 4].map((i) => s.admit(u(`/p/${i}`)));
    expect(decisions).toEqual([true, true, false, false]);
    s.record(u("/p/1"), "aaaaaaaaaaaa");
    s.record(u("/p/2"), "aaaaaaaaaaaa");
    expect(s.admit(u("/p/5"))).toBe(false);
    expect(s.admit(u("/p/6"), { force: true })).toBe(true);
    s.record(u("/p/6"), "aaaaaaaaaaaa");
    expect(s.admit(u("/about"))).toBe(true);
    s.record(u("/about"), "bbbbbbbbbbbb");
    expect(s.sampledOut()).toBe(3);
    expect(s.coverage()).toEqual([
      { key: "/p/:num#aaaaaaaa", pattern: "/p/:num", audited: 3, skipped: 3, example_urls: [u("/p/1"), u("/p/2"), u("/p/6")] },
      { key: "/about#bbbbbbbb", pattern: "/about", audited: 1, skipped: 0, example_urls: [u("/about")] },
    ]);
  });

  it("a second skeleton under one pattern is a second template and raises the pattern's quota", () => {
    const s = createTemplateSampler(2);
    expect([s.admit(u("/p/1")), s.admit(u("/p/2"))]).toEqual([true, true]);
    s.record(u("/p/1"), "aaaaaaaaaaaa");
    s.record(u("/p/2"), "cccccccccccc");
    // Two skeletons → quota 2 × 2: two more pages are audited.
    expect([3, 4, 5].map((i) => s.admit(u(`/p/${i}`)))).toEqual([true, true, false]);
    s.record(u("/p/3"), "aaaaaaaaaaaa");
    s.record(u("/p/4"), undefined);
    const cov = s.coverage();
    expect(cov.map((t) => [t.key, t.audited, t.skipped])).toEqual([
      ["/p/:num#aaaaaaaa", 2, 1],
      ["/p/:num#cccccccc", 1, 0],
      ["/p/:num#-", 1, 0],
    ]);
    // A page without a skeleton (failed, blocked) never raises the quota.
    expect(s.admit(u("/p/6"))).toBe(false);
  });

  it("samples nothing out with N = 0, still recording templates", () => {
    const s = createTemplateSampler(0);
    for (let i = 0; i < 10; i++) expect(s.admit(u(`/p/${i}`))).toBe(true);
    for (let i = 0; i < 10; i++) s.record(u(`/p/${i}`), "aaaaaaaaaaaa");
    expect(s.coverage()).toEqual([expect.objectContaining({ audited: 10, skipped: 0, example_urls: expect.any(Array) })]);
    expect(templateKey("/p/:num", undefined)).toBe("/p/:num#-");
  });

  it("is undecided on a page whose quota is held by pages in flight, until their skeletons are recorded", () => {
    const s = createTemplateSampler(1);
    expect(s.undecided(u("/p/1"))).toBe(false); // nothing known about the pattern yet: admit decides
    expect(s.admit(u("/p/1"))).toBe(true);
    expect(s.undecided(u("/p/2"))).toBe(true); // /p/1 is in flight: its skeleton may open a second template
    expect(s.undecided(u("/p/2"), { force: true })).toBe(false);
    s.record(u("/p/1"), "aaaaaaaaaaaa");
    expect(s.undecided(u("/p/2"))).toBe(false);
    expect(s.admit(u("/p/2"))).toBe(false);
    expect(createTemplateSampler(0).undecided(u("/p/1"))).toBe(false);
  });
});
