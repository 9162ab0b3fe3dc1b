import type { BrowserContextOptions } from "playwright-core";
import type { ViewportName } from "./types";

/** Emulation settings of one named viewport (CSS pixels). */
export type ViewportSpec = {
  width: number;
  height: number;
  deviceScaleFactor: number;
  isMobile: boolean;
  hasTouch: boolean;
  /** UA template; `{major}` is replaced by the running Chromium's major version. */
  userAgent: string;
};

/**
 * The two viewports SiteLint audits in. Desktop 1366×900 is the most common laptop width; mobile 390×844 at DPR 2 is
 * an iPhone-12-class phone, with an Android Chrome UA so sites serve their mobile markup to a Chromium engine.
 * The UAs follow Chrome's reduced User-Agent format (minor/build/patch frozen at 0.0.0).
 */
export const VIEWPORTS: Readonly<Record<ViewportName, ViewportSpec>> = {
  desktop: {
    width: 1366,
    height: 900,
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: false,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{major}.0.0.0 Safari/537.36",
  },
  mobile: {
    width: 390,
    height: 844,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent:
      "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{major}.0.0.0 Mobile Safari/537.36",
  },
};

/** Token appended to every UA so site owners can recognise (and allow or block) SiteLint in their logs. */
export const BOT_UA_SUFFIX = " OmniAuditBot/0.1";

/**
 * Playwright context options for a viewport.
 * @param browserVersion `browser.version()` (e.g. `"156.0.8078.79"`); its major goes into the UA so it does not
 *   advertise `HeadlessChrome`, which some CDNs block outright.
 */
export function viewportContextOptions(name: ViewportName, browserVersion: string): BrowserContextOptions {
  const v = VIEWPORTS[name];
  const major = /^(\d+)/.exec(browserVersion)?.[1] ?? "120";
  return {
    viewport: { width: v.width, height: v.height },
    screen: { width: v.width, height: v.height },
    deviceScaleFactor: v.deviceScaleFactor,
    isMobile: v.isMobile,
    hasTouch: v.hasTouch,
    userAgent: v.userAgent.replace("{major}", major) + BOT_UA_SUFFIX,
  };
}
