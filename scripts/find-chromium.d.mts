/** Types of find-chromium.mjs. */

/** Path of a Chromium executable: CHROMIUM_PATH, Debian's headless shell, chromium, Playwright's, Google Chrome. */
export function findChromium(): string | undefined;

/** {@link findChromium}, installing Debian's headless shell (as root with apt-get) or Playwright's when none is found. */
export function ensureChromium(options?: { quiet?: boolean }): string | undefined;
