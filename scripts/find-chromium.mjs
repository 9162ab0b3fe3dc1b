// Locate or install a Chromium for SiteLint and the end-to-end tests. Used by `npm start` and `.ci/run`.
// Order: CHROMIUM_PATH, Debian's headless shell, Debian/Ubuntu's chromium, Playwright's own browser, Google Chrome —
// the same as lib/browser/chromium.ts (findChromium), whose docstring says why the headless shell comes first.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";

const CANDIDATES = ["/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** @returns {string | undefined} path of a Chromium executable */
export function findChromium() {
  if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const c of CANDIDATES.slice(0, 4)) if (fs.existsSync(c)) return c;
  try {
    const { chromium } = createRequire(import.meta.url)("playwright-core");
    const p = chromium.executablePath();
    if (p && fs.existsSync(p)) return p;
  } catch {}
  return CANDIDATES.slice(4).find((c) => fs.existsSync(c));
}

/** Find Chromium, installing it when possible. @returns {string | undefined} */
export function ensureChromium({ quiet = false } = {}) {
  let found = findChromium();
  if (found) return found;
  const log = (m) => quiet || console.log(`[omniaudit] ${m}`);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && fs.existsSync("/usr/bin/apt-get")) {
    log("Chromium not found: installing Debian's headless shell (apt-get install -y chromium-headless-shell fonts-liberation)…");
    spawnSync("apt-get", ["update"], { stdio: "inherit" });
    spawnSync("apt-get", ["install", "-y", "chromium-headless-shell", "fonts-liberation"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    found = findChromium();
  }
  if (!found) {
    log("Chromium not found: trying Playwright's installer (npx playwright-core install chromium)…");
    try {
      execFileSync("npx", ["--yes", "playwright-core", "install", "chromium"], { stdio: "inherit" });
    } catch {}
    found = findChromium();
  }
  if (!found) {
    console.error(
      "[omniaudit] No Chromium available. SiteLint scans will fail until one is installed:\n" +
        "  Debian/Ubuntu: sudo apt-get install -y chromium-headless-shell (or chromium)\n  macOS: install Google Chrome, or run `npx playwright install chromium`\n" +
        "  or set CHROMIUM_PATH to a Chromium/Chrome executable.",
    );
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const p = ensureChromium();
  if (p) console.log(p);
  process.exit(p ? 0 : 1);
}
