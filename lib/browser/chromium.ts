import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { connectRemoteBrowser, describeEndpoint } from "./remote-browser";

/**
 * Chromium flags for unattended audits: no sandbox (containers without user namespaces), no GPU, /tmp instead of a
 * small /dev/shm, no background traffic (component updates, sync) so every request the browser makes belongs to the
 * page under audit, no QUIC (UDP would bypass the policy proxy), WebRTC through the proxy only, and no omnibox WebUI
 * renderers (memory).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  // WebRTC may only use the (policy) proxy: no direct UDP to STUN/TURN servers a page names.
  "--webrtc-ip-handling-policy=disable_non_proxied_udp",
  // The same as a content-layer switch: the headless shell (which has no Chrome preferences layer) ignores the flag
  // above, and without this its WebRTC sent UDP datagrams to a refused address (ssrf-canary.test.ts).
  "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
  // A cross-site frame in a renderer of its own, as desktop Chrome does by default (the headless shell does not): a
  // hostile frame's busy loop then cannot stall the page's own renderer, so the axe run leaves that frame out after its
  // injection timeout instead of timing out whole (axe-runner.test.ts).
  "--site-per-process",
  // Headless Chromium 15x still renders the omnibox popups' WebUI (chrome://omnibox-popup.top-chrome/…) in two
  // renderer processes of ≈ 60 MiB each that no audit uses. Unknown feature names are ignored by other versions.
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
];

/**
 * The browser-wide proxy: a port nothing listens on, so any context opened without its own policy proxy fails closed
 * instead of connecting directly (every audit context sets one; see `auditPage`).
 */
export const FAIL_CLOSED_PROXY = "http://127.0.0.1:9";

function isFile(p: string | undefined): p is string {
  if (!p) return false;
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function playwrightBundledChromium(): string | undefined {
  try {
    // Throws or points at a missing file when `playwright install chromium` was never run.
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * Chromium's headless shell, where installed (Debian's `chromium-headless-shell` package: the binary itself, then its
 * `/usr/bin` wrapper script): the "old headless" content-layer browser that Playwright itself runs for headless
 * Chromium. It has no Chrome UI layer (profile services, WebUI renderers), so an audit costs less memory: on the
 * whole-corpus SiteLint benchmark (111 pages, concurrency 2) the browser's processes peaked at 395–420 MiB PSS
 * against 530–550 MiB with the full `chromium` in new-headless mode, with the same findings and a faster run
 * (docs/benchmarks.md).
 */
export const HEADLESS_SHELL_PATHS: readonly string[] = ["/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell"];

/**
 * Locate a Chromium binary. Order: `CHROMIUM_PATH` (returned even when missing so the launch error names it), the
 * headless shell ({@link HEADLESS_SHELL_PATHS}), `/usr/bin/chromium`, `/usr/bin/chromium-browser`, Playwright's
 * downloaded build, `/usr/bin/google-chrome`, `/usr/bin/google-chrome-stable`. With `CHROMIUM_WS_ENDPOINT` set, that
 * remote browser instead (its URL without credentials or query).
 * @returns absolute path (or the remote endpoint), or `undefined` when none exists.
 */
export function findChromium(): string | undefined {
  const remote = getEnv().CHROMIUM_WS_ENDPOINT;
  if (remote) return describeEndpoint(remote);
  const configured = getEnv().CHROMIUM_PATH;
  if (configured) return configured;
  const candidates = [
    ...HEADLESS_SHELL_PATHS,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    playwrightBundledChromium(),
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
  ];
  return candidates.find(isFile);
}

/**
 * Launch a headless Chromium with {@link CHROMIUM_ARGS} — or, with `CHROMIUM_WS_ENDPOINT` set, connect to that remote
 * browser ({@link connectRemoteBrowser}: refused unless it shares this server's loopback, where the policy proxies
 * listen). Callers own the browser and must close it; page audits should normally go through `withSharedBrowser`.
 * @throws AppError `UNAVAILABLE` when no Chromium is installed, the launch fails, or the remote browser is refused.
 */
export async function launchBrowser(): Promise<Browser> {
  const remote = getEnv().CHROMIUM_WS_ENDPOINT;
  if (remote) return connectRemoteBrowser(remote);
  const executablePath = findChromium();
  if (!executablePath) {
    throw new AppError(
      "UNAVAILABLE",
      "No Chromium found for SiteLint. Install one (Debian/Ubuntu: `apt-get install chromium-headless-shell`, or `chromium`; or `npx playwright install chromium`) " +
        "or set CHROMIUM_PATH to a Chromium/Chrome executable.",
    );
  }
  try {
    return await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], proxy: { server: FAIL_CLOSED_PROXY } });
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new AppError(
      "UNAVAILABLE",
      `Chromium at ${executablePath} failed to start: ${first}. Check the binary works (\`${executablePath} --version\`) or set CHROMIUM_PATH.`,
      { executablePath },
    );
  }
}
