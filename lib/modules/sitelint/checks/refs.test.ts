import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { LIGHTHOUSE_AXE_RULES } from "./accessibility";
import { axeRefs, lighthouseRefFor, seoRefs, wcagCriteriaFromTags } from "./refs";

describe("wcagCriteriaFromTags", () => {
  it("reads one-, two-digit criterion numbers and ignores level/version tags", () => {
    expect(wcagCriteriaFromTags(["cat.text-alternatives", "wcag2a", "wcag111", "section508"])).toEqual(["1.1.1"]);
    expect(wcagCriteriaFromTags(["wcag21aa", "wcag1412"])).toEqual(["1.4.12"]);
    expect(wcagCriteriaFromTags(["wcag22aa", "wcag258", "wcag2a-obsolete", "wcag2aaa", "wcag412", "wcag412"])).toEqual(["2.5.8", "4.1.2"]);
    expect(wcagCriteriaFromTags(["wcag1410", "wcag1411", "wcag2411"])).toEqual(["1.4.10", "1.4.11", "2.4.11"]);
  });

  it("parses every criterion tag axe-core ships into a real x.y.z criterion", () => {
    const tags = new Set(axe.getRules().flatMap((r) => r.tags).filter((t) => /^wcag\d+$/.test(t)));
    expect(tags.size).toBeGreaterThan(20);
    for (const tag of tags) {
      const [sc] = wcagCriteriaFromTags([tag]);
      expect(sc, tag).toMatch(/^[1-4]\.[1-5]\.\d{1,2}$/);
      expect(sc!.replaceAll(".", ""), tag).toBe(tag.slice(4));
    }
  });
});

describe("lighthouseRefFor / axeRefs / seoRefs", () => {
  it("maps SiteLint SEO rules to Lighthouse SEO audits, and nothing for rules Lighthouse lacks", () => {
    expect(lighthouseRefFor("seo-noindex")).toBe("is-crawlable");
    expect(lighthouseRefFor("http-status")).toBe("http-status-code");
    expect(lighthouseRefFor("seo-robots-txt")).toBe("robots-txt");
    expect(lighthouseRefFor("seo-structured-data")).toBeUndefined();
    expect(lighthouseRefFor("seo-h1")).toBeUndefined();
    expect(seoRefs("seo-title")).toEqual({ lighthouse: ["document-title"], axe: ["document-title"] });
    expect(seoRefs("seo-structured-data")).toBeUndefined();
  });

  it("maps axe rules to Lighthouse accessibility audits, with WCAG criteria", () => {
    expect(axeRefs("image-alt", ["wcag2a", "wcag111"])).toEqual({ axe: ["image-alt"], wcag: ["1.1.1"], lighthouse: ["image-alt"] });
    expect(axeRefs("html-lang-valid", ["wcag2a", "wcag311"])).toMatchObject({ lighthouse: ["html-lang-valid"] });
    // Run by SiteLint's WCAG 2.1 scope, no Lighthouse audit.
    expect(axeRefs("css-orientation-lock", ["wcag21aa", "wcag134"])).toEqual({ axe: ["css-orientation-lock"], wcag: ["1.3.4"] });
    expect(axeRefs("region", ["best-practice"])).toEqual({ axe: ["region"] });
  });

  it("every rule Lighthouse enables by name has an audit (and exists in the installed axe-core)", () => {
    const ids = new Set(axe.getRules().map((r) => r.ruleId));
    for (const [id, { enabled }] of Object.entries(LIGHTHOUSE_AXE_RULES)) {
      expect(ids.has(id), id).toBe(true);
      if (enabled) expect(lighthouseRefFor(id), id).toBe(id);
      else expect(lighthouseRefFor(id), id).toBeUndefined();
    }
  });
});
