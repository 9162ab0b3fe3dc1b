import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { findChromium, HEADLESS_SHELL_PATHS, launchBrowser } from "./chromium";

describe("findChromium / launchBrowser", () => {
  const saved = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
    resetEnvForTests();
  });

  it("prefers CHROMIUM_PATH, and a bad one fails with UNAVAILABLE naming the path", async () => {
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    resetEnvForTests();
    expect(findChromium()).toBe("/nonexistent/chromium");
    await expect(launchBrowser()).rejects.toMatchObject({ code: "UNAVAILABLE", message: expect.stringContaining("/nonexistent/chromium") });
  });

  it("auto-detects an installed Chromium when CHROMIUM_PATH is unset", () => {
    delete process.env.CHROMIUM_PATH;
    resetEnvForTests();
    const found = findChromium();
    // This machine has Debian's /usr/bin/chromium; elsewhere any detected binary will do.
    if (found) expect(found).toMatch(/chrom/i);
  });

  it("prefers the headless shell over the full browser when both are installed", () => {
    delete process.env.CHROMIUM_PATH;
    resetEnvForTests();
    const shell = HEADLESS_SHELL_PATHS.find((p) => fs.existsSync(p));
    if (shell) expect(findChromium()).toBe(shell);
    else expect(findChromium() ?? "").not.toContain("headless-shell");
  });
});
