import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { corpusDir } from "@/e2e/support/corpus";
import { robotsTxtFindings, validateRobotsTxt } from "./robots-txt";

const URL_ = "https://example.com/robots.txt";
const corpus = corpusDir();

describe("validateRobotsTxt (Lighthouse robots-txt validation)", () => {
  it("accepts a well-formed file with comments, blank lines and known extensions", () => {
    const ok = ["# hi", "User-agent: *", "Disallow: /private/ # no", "Allow: /private/ok$", "Disallow:", "Crawl-delay: 5", "", "Sitemap: https://example.com/s.xml"].join("\r\n");
    expect(validateRobotsTxt(ok)).toEqual([]);
  });

  it("reports each bad line with its 1-based number and Lighthouse's message", () => {
    const bad = [
      "Disallow: /before-group", // 1
      "User-agent:", // 2
      "User-agent: *", // 3
      "Disallow: private", // 4
      "Allow: /a$b", // 5
      "Sitemap: /relative.xml", // 6
      "Sitemap: mailto:x@example.com", // 7
      "Foo: bar", // 8
      "just text", // 9
    ].join("\n");
    expect(validateRobotsTxt(bad).map((e) => [e.line, e.message])).toEqual([
      [1, "No user-agent specified"],
      [2, "No user-agent specified"],
      [4, 'Pattern should either be empty, start with "/" or "*"'],
      [5, '"$" should only be used at the end of the pattern'],
      [6, "Invalid sitemap URL"],
      [7, "Invalid sitemap URL protocol"],
      [8, "Unknown directive"],
      [9, "Syntax not understood"],
    ]);
  });

  it.skipIf(!corpus)("passes Lighthouse's fixture robots.txt", () => {
    const text = fs.readFileSync(path.join(corpus!, "sites/lighthouse/robots.txt"), "utf8");
    expect(validateRobotsTxt(text)).toEqual([]);
  });
});

describe("robotsTxtFindings", () => {
  it("fails a 5xx (high) and an unreachable file (medium), ignores 4xx and empty files", () => {
    expect(robotsTxtFindings({ url: URL_, found: false, status: 503, note: "x" })).toMatchObject([
      { ruleId: "seo-robots-txt", category: "seo", severity: "high", title: "robots.txt answered HTTP 503", refs: { lighthouse: ["robots-txt"] } },
    ]);
    expect(robotsTxtFindings({ url: URL_, found: false, note: "robots.txt timed out after 10000 ms; treated as allow-all." })).toMatchObject([
      { severity: "medium", title: "robots.txt could not be fetched", description: expect.stringContaining("timed out") },
    ]);
    expect(robotsTxtFindings({ url: URL_, found: false, status: 404 })).toEqual([]);
    expect(robotsTxtFindings({ url: URL_, found: true, status: 200, text: "" })).toEqual([]);
  });

  it("lists every validation error in one finding", () => {
    const [f, ...rest] = robotsTxtFindings({ url: URL_, found: true, status: 200, text: "Disallow: /x\nUser-agent: *\nNoindex /y\n" });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      ruleId: "seo-robots-txt", severity: "medium", title: "robots.txt is not valid", refs: { lighthouse: ["robots-txt"] },
      evidence: { url: URL_, count: 2, errors: [{ line: 1, message: "No user-agent specified" }, { line: 3, content: "Noindex /y", message: "Syntax not understood" }] },
    });
    expect(robotsTxtFindings({ url: URL_, found: true, status: 200, text: "User-agent: *\nDisallow: /\n" })).toEqual([]);
  });
});
