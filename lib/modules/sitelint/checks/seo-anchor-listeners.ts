import type { Page } from "playwright-core";
import { ANCHOR_PROBE_KEY } from "./seo-signals";

/**
 * Event-listener types on the anchors `readSeoSignals` set aside (those without `href`, role, name or id), in probe
 * order — what Lighthouse 13's `AnchorElements` gatherer asks `DOMDebugger.getEventListeners` for, because an
 * `<a>` with a click/mousedown listener and no `href` is a link crawlers cannot follow (`crawlable-anchors`).
 * Listeners added with `addEventListener` are invisible to page scripts, hence the DevTools protocol (Chromium only).
 *
 * @param count number of probed anchors (`max(anchor.probe) + 1`); 0 skips the protocol entirely.
 * @returns listener types per probed anchor, or `undefined` when the protocol is unavailable (the caller then falls
 *   back to `onclick`-style attributes). Never throws.
 */
export async function probeAnchorListeners(page: Page, count: number): Promise<string[][] | undefined> {
  if (count === 0) return [];
  const cdp = await page.context().newCDPSession(page).catch(() => undefined);
  if (!cdp) return undefined;
  const objectGroup = "sitelint-anchor-probe";
  try {
    const list = await cdp.send("Runtime.evaluate", {
      expression: `(() => { const k = Symbol.for(${JSON.stringify(ANCHOR_PROBE_KEY)}); const a = document[k] || []; delete document[k]; return a; })()`,
      objectGroup,
    });
    const arrayId = list.result.objectId;
    if (!arrayId) return undefined;
    const props = await cdp.send("Runtime.getProperties", { objectId: arrayId, ownProperties: true });
    const out: string[][] = Array.from({ length: count }, () => []);
    for (const p of props.result) {
      const i = Number(p.name);
      const objectId = p.value?.objectId;
      if (!Number.isInteger(i) || i < 0 || i >= count || !objectId) continue;
      const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId });
      out[i] = listeners.map((l) => l.type);
    }
    return out;
  } catch {
    return undefined;
  } finally {
    await cdp.send("Runtime.releaseObjectGroup", { objectGroup }).catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
}
