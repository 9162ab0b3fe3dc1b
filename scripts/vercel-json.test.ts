import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** vercel.json: Vercel fails a deployment whose `functions` pattern matches no file ("unmatched function pattern"). */
const root = path.resolve(import.meta.dirname, "..");
const config = JSON.parse(fs.readFileSync(path.join(root, "vercel.json"), "utf8")) as { framework: string; functions: Record<string, { maxDuration: number }> };

describe("vercel.json", () => {
  it("configures existing Node.js routes with durations Vercel accepts", () => {
    expect(config.framework).toBe("nextjs");
    for (const [file, { maxDuration }] of Object.entries(config.functions)) {
      expect(fs.existsSync(path.join(root, file)), file).toBe(true);
      expect(fs.readFileSync(path.join(root, file), "utf8"), `${file} runs on Node.js`).toMatch(/export const runtime = "nodejs"/);
      expect(maxDuration).toBeGreaterThanOrEqual(1);
      expect(maxDuration).toBeLessThanOrEqual(800);
    }
  });
});
